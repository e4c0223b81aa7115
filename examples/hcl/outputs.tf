output "web_admin" {
  description = "Where the Web Admin (and the API) now listens on the node."
  value       = "${cms_node_settings.node.web_admin_interface}:${cms_node_settings.node.web_admin_port}"
}

output "ldap_users" {
  description = "Users on the server after the last LDAP sync."
  value       = cms_ldap_sync.staff.users_after
}

output "ldap_spaces" {
  description = "Spaces made by the last LDAP sync."
  value       = cms_ldap_sync.staff.spaces_after
}

output "space_template_id" {
  value = cms_cospace_template.team.id
}
