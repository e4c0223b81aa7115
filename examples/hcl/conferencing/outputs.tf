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
