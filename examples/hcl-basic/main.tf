# A minimal Meeting Server configuration in plain HCL.
#
# The provider reads its connection from the environment (CMS_URL, CMS_USERNAME, CMS_PASSWORD,
# CMS_CA_BUNDLE), so the same files work against the simulator and a real server. The TURN
# password comes from TF_VAR_turn_password: an ephemeral variable given to a write-only
# attribute, so it is in neither the plan nor the state (Terraform 1.11 and later).

terraform {
  required_providers {
    cms = {
      source  = "cms-iac/cms"
      version = "0.1.0"
    }
  }
}

provider "cms" {}

variable "turn_password" {
  description = "Long-term credential password of the Expressway TURN server."
  type        = string
  sensitive   = true
  ephemeral   = true
}

data "cms_system_status" "node" {}

resource "cms_call_bridge_group" "london" {
  name                   = "London"
  load_balancing_enabled = true
}

resource "cms_call_bridge" "cb1" {
  name              = "cb1"
  address           = "https://cb1.example.com:445"
  sip_domain        = "cb1.example.com"
  call_bridge_group = cms_call_bridge_group.london.id
}

resource "cms_turn_server" "edge" {
  server_address           = "10.0.0.10"
  client_address           = "203.0.113.10"
  type                     = "expressway"
  username                 = "turnuser"
  password_wo              = var.turn_password
  password_wo_version      = 1
  tcp_port_number_override = 3478
  call_bridge_group        = cms_call_bridge_group.london.id
}

resource "cms_ldap_server" "ad" {
  name        = "Corporate AD"
  address     = "ldap.example.com"
  port_number = 636
  secure      = true
  username    = "cn=cms,ou=service,dc=example,dc=com"
}

resource "cms_cospace_template" "team" {
  name        = "Team meeting"
  description = "A space for a team's regular meetings"
}

resource "cms_access_method_template" "host" {
  cospace_template_id     = cms_cospace_template.team.id
  name                    = "Host"
  uri_generator           = "$.host"
  generate_unique_call_id = true
}

resource "cms_access_method_template" "guest" {
  cospace_template_id = cms_cospace_template.team.id
  name                = "Guest"
  uri_generator       = "$.guest"
}

output "software_version" {
  value = data.cms_system_status.node.software_version
}

output "call_bridge_id" {
  value = cms_call_bridge.cb1.id
}
