# A lab Meeting Server on one node, in plain Terraform, from a blank node: what the Installation
# Assistant sets up on an empty server, then conferencing users from LDAP and a space template.
# The same lab as the CDKTF app in examples/lab-single-server.
#
# node.tf brings the node up over its MMP (SSH): the api account, certificates, the Web Admin
# (which serves the API), the Call Bridge and Web Bridge 3. The conferencing module holds what
# goes through the API; it depends on the node's resources, so apply brings the API up before
# using it, and destroy removes the API objects before taking the node back down.

module "conferencing" {
  source = "./conferencing"

  fqdn               = var.fqdn
  c2w_port           = var.c2w_port
  sip_proxy          = var.sip_proxy
  ldap_bind_password = var.ldap_bind_password

  depends_on = [
    cms_mmp_account.api,
    cms_node_settings.node,
    cms_node_tls.node,
    cms_node_logging.node,
    cms_mmp_account_policy.node,
  ]
}
