/** The provider's own version, as published in the filesystem mirror and in required_providers. */
export const PROVIDER_VERSION = '0.1.0';
/** The source address Terraform uses for this provider. */
export const PROVIDER_SOURCE = 'registry.terraform.io/cms-iac/cms';
