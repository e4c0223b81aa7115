terraform {
  required_version = ">= 1.11" # write-only attributes and ephemeral variables

  required_providers {
    cms = {
      source  = "cms-iac/cms"
      version = "0.1.0"
    }
  }
}

# The API is reached as the api account node.tf makes, and checked only when a resource first
# needs it (the node has no API until node.tf has run). The rest of the connection comes from the
# environment, so the same files converge the simulator and a real server: CMS_URL and
# CMS_CA_BUNDLE for the API; CMS_MMP_USERNAME, CMS_MMP_PASSWORD and CMS_MMP_NODES (a JSON list of
# {name, address, port, host_key_fingerprint}) for the node's command line. See docs/index.md.
provider "cms" {
  username             = "api"
  password             = var.api_password
  connect_on_first_use = true
}
