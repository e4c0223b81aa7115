variable "node" {
  description = "Name of the node in the provider's mmp_node list (CMS_MMP_NODES)."
  type        = string
  default     = "cms1"
}

variable "ntp_servers" {
  description = "NTP servers of the node (1 to 5)."
  type        = list(string)
  default     = ["ntp1.example.com", "ntp2.example.com"]
}

variable "dns_servers" {
  description = "DNS servers of the node (at most 5)."
  type        = list(string)
  default     = ["10.0.0.53"]
}

variable "web_admin_port" {
  description = "Port of the Web Admin (and so of the API); not 443, which the web app takes."
  type        = number
  default     = 445
}

variable "c2w_port" {
  description = "Port on which Web Bridge 3 accepts the Call Bridge (c2w); not 443 nor the Web Admin port."
  type        = number
  default     = 9999
}

variable "fqdn" {
  description = "The node's host name, used in the web bridge's c2w address."
  type        = string
  default     = "cms1.example.com"
}

variable "sip_proxy" {
  description = "Call control that outbound SIP calls go through (host:port)."
  type        = string
  default     = "cucm.example.com:5061"
}

variable "ldap_bind_password" {
  description = "Password of the LDAP bind user. Give it with TF_VAR_ldap_bind_password (again when applying a saved plan: it is ephemeral)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "api_password" {
  description = "Password of the api account made on the node, which the provider signs in to the API with. Give it with TF_VAR_api_password (again when applying a saved plan: it is ephemeral)."
  type        = string
  sensitive   = true
  ephemeral   = true
}
