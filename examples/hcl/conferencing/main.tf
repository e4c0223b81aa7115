# What the Meeting Server's API holds: dial plan, profiles, the web app, LDAP users and a space
# template. Everything here goes through the API, which the root module brings up first on the
# node's MMP (this module depends on it).

# --- Call Bridge: SIP proxy, encryption, defaults for every call ---------------------------------

resource "cms_outbound_dial_plan_rule" "sip_proxy" {
  domain                 = "example.com"
  sip_proxy              = var.sip_proxy
  sip_control_encryption = "encrypted"
  failure_action         = "stop"
}

resource "cms_call_leg_profile" "everyone" {
  name                 = "Everyone"
  sip_media_encryption = "required"
  default_layout       = "automatic"
  mute_others_allowed  = false
}

# --- Web Bridge 3: the web app, reached by the Call Bridge on c2w --------------------------------

resource "cms_web_bridge_profile" "web_app" {
  name                         = "Web app"
  user_portal_enabled          = true
  allow_unauthenticated_guests = true
}

resource "cms_web_bridge" "web_app" {
  url                = "c2w://${var.fqdn}:${var.c2w_port}"
  web_bridge_profile = cms_web_bridge_profile.web_app.id
}

resource "cms_user_profile" "licensed" {
  name        = "Licensed"
  has_license = true
}

# The defaults every meeting, participant and user gets.
resource "cms_system_profiles" "this" {
  call_leg_profile   = cms_call_leg_profile.everyone.id
  web_bridge_profile = cms_web_bridge_profile.web_app.id
  user_profile       = cms_user_profile.licensed.id
}

# --- Conferencing users from LDAP ---------------------------------------------------------------

resource "cms_ldap_server" "directory" {
  name        = "Corporate directory"
  address     = "ldap.example.com"
  port_number = 636
  secure      = true
  username    = "cn=cms,ou=service,dc=example,dc=com"

  # Write-only: sent to the server, kept out of plan and state; raise the version to send a new one.
  password_wo         = var.ldap_bind_password
  password_wo_version = 1
}

resource "cms_ldap_mapping" "staff" {
  jid_mapping             = "$sAMAccountName$@example.com"
  name_mapping            = "$cn$"
  cospace_uri_mapping     = "$sAMAccountName$.space"
  cospace_name_mapping    = "$cn$'s space"
  cospace_call_id_mapping = "$telephoneNumber$"
}

resource "cms_ldap_source" "staff" {
  name    = "Staff"
  server  = cms_ldap_server.directory.id
  mapping = cms_ldap_mapping.staff.id
  base_dn = "ou=staff,dc=example,dc=com"
  filter  = "(objectClass=person)"
  # No user_profile here: imported users get the system-wide one (licensed). A profile named by
  # the import would stay referenced by the imported users after a destroy, until the next sync.
}

# --- A space template: hosts start the meeting, guests wait for them ----------------------------

# Meeting-wide settings of spaces made from the template.
resource "cms_call_profile" "team" {
  name              = "Team meeting"
  participant_limit = 100
  recording_mode    = "disabled"
}

# One call leg profile per role.
resource "cms_call_leg_profile" "host" {
  name                = "Team meeting: Host"
  needs_activation    = false
  change_role_allowed = true
}

resource "cms_call_leg_profile" "guest" {
  name              = "Team meeting: Guest"
  needs_activation  = true
  deactivation_mode = "deactivate"
}

resource "cms_dial_in_security_profile" "guest" {
  name                = "Team meeting: Guest"
  min_passcode_length = 4
}

resource "cms_cospace_template" "team" {
  name         = "Team meeting"
  description  = "Hosts start the meeting; guests wait in the lobby until a host joins"
  call_profile = cms_call_profile.team.id
  # Participants the space dials out to join as hosts.
  call_leg_profile = cms_call_leg_profile.host.id
}

resource "cms_access_method_template" "host" {
  cospace_template_id     = cms_cospace_template.team.id
  name                    = "Host"
  uri_generator           = "$.host"
  call_leg_profile        = cms_call_leg_profile.host.id
  generate_unique_call_id = true
}

resource "cms_access_method_template" "guest" {
  cospace_template_id      = cms_cospace_template.team.id
  name                     = "Guest"
  uri_generator            = "$.guest"
  call_leg_profile         = cms_call_leg_profile.guest.id
  dial_in_security_profile = cms_dial_in_security_profile.guest.id
  generate_unique_call_id  = true
}

resource "cms_ldap_user_cospace_template_source" "team_for_staff" {
  ldap_source      = cms_ldap_source.staff.id
  cospace_template = cms_cospace_template.team.id
}

# Runs an LDAP sync now, and again whenever the import changes.
resource "cms_ldap_sync" "staff" {
  triggers = {
    source    = cms_ldap_source.staff.id
    import    = sha1(jsonencode([cms_ldap_server.directory.address, cms_ldap_mapping.staff, cms_ldap_source.staff]))
    templates = cms_ldap_user_cospace_template_source.team_for_staff.id
  }
}
