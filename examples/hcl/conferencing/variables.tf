variable "fqdn" {
  description = "The node's host name, used in the web bridge's c2w address."
  type        = string
}

variable "c2w_port" {
  description = "Port on which Web Bridge 3 accepts the Call Bridge (c2w)."
  type        = number
}

variable "sip_proxy" {
  description = "Call control that outbound SIP calls go through (host:port)."
  type        = string
}

variable "ldap_bind_password" {
  description = "Password of the LDAP bind user (given write-only: in neither the plan nor the state)."
  type        = string
  sensitive   = true
  ephemeral   = true
}
