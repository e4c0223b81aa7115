output "web_admin" {
  description = "Where the Web Admin (and the API) now listens on the node."
  value       = "${cms_node_settings.node.web_admin_interface}:${cms_node_settings.node.web_admin_port}"
}

output "certificate_expires" {
  description = "When the node's certificate expires."
  value       = cms_node_certificate.node.not_after
}

output "ldap_users" {
  description = "Users on the server after the last LDAP sync."
  value       = module.conferencing.ldap_users
}

output "ldap_spaces" {
  description = "Spaces made by the last LDAP sync."
  value       = module.conferencing.ldap_spaces
}

output "space_template_id" {
  value = module.conferencing.space_template_id
}
