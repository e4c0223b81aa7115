# --- The node, over its MMP (SSH) ----------------------------------------------------------------

# The account the provider signs in to the API as (versions.tf): a blank node has none.
resource "cms_mmp_account" "api" {
  node                = var.node
  name                = "api"
  role                = "api"
  password_wo         = var.api_password
  password_wo_version = 1
}

# Certificates made on the node: a lab CA, and the node's certificate signed by it. With your own
# CA, leave out signed_by, sign csr_pem and give the result as certificate_pem.
resource "cms_node_certificate" "lab_ca" {
  node        = var.node
  name        = "lab-ca"
  common_name = "cms-iac lab CA"
  self_signed = true
}

resource "cms_node_certificate" "node" {
  node              = var.node
  name              = "cms1"
  common_name       = var.fqdn
  subject_alt_names = distinct([var.fqdn, "join.example.com", "cms1.example.com"])
  signed_by         = cms_node_certificate.lab_ca.name
}

resource "cms_node_settings" "node" {
  node        = var.node
  ntp_servers = var.ntp_servers
  dns_servers = var.dns_servers

  # The Web Admin (and so the API) moves off 443, which the web app takes.
  web_admin_interface   = "a"
  web_admin_port        = var.web_admin_port
  web_admin_key         = cms_node_certificate.node.key_file
  web_admin_certificate = cms_node_certificate.node.certificate_file
  web_admin_enabled     = true

  call_bridge_listen_interfaces = ["a"]
  call_bridge_key               = cms_node_certificate.node.key_file
  call_bridge_certificate       = cms_node_certificate.node.certificate_file
  call_bridge_c2w_trust         = cms_node_certificate.lab_ca.certificate_file

  web_bridge_enabled           = true
  web_bridge_https_listen      = ["a:443"]
  web_bridge_https_key         = cms_node_certificate.node.key_file
  web_bridge_https_certificate = cms_node_certificate.node.certificate_file
  web_bridge_c2w_listen        = "a:${var.c2w_port}"
  web_bridge_c2w_key           = cms_node_certificate.node.key_file
  web_bridge_c2w_certificate   = cms_node_certificate.node.certificate_file
  web_bridge_c2w_trust         = cms_node_certificate.lab_ca.certificate_file
}

resource "cms_node_tls" "node" {
  node                       = var.node
  webadmin_min_tls_version   = "1.2"
  webbridge3_min_tls_version = "1.2"
  sip_min_tls_version        = "1.2"
  ldap_min_tls_version       = "1.2"
}

resource "cms_node_logging" "node" {
  node              = var.node
  syslog_servers    = ["logs.example.com:514"]
  audit_log_servers = ["audit.example.com:514"]
  syslog_enabled    = true
}

# The api account's password never expires: a pipeline signs in with it.
resource "cms_mmp_account_policy" "node" {
  node                  = var.node
  password_min_length   = 12
  password_max_age_days = 0
  max_failed_logins     = 5
}
