terraform {
  required_providers {
    cms = {
      source = "cms-iac/cms"
    }
  }
}
