/**
 * Terraform features the CDK bindings do not all model, written as overrides of the Terraform
 * names so they synthesize the same whichever generator made the L1 bindings (cdktf 0.21's
 * treats write-only attributes as ordinary ones, and neither CDK's TerraformVariable has
 * `ephemeral`). The one place that knows these names.
 */
import type { TerraformResource, TerraformVariable } from 'cdktf';
import type { Secret } from '../secret';

/**
 * Gives `secret` to the resource's write-only form of `attribute` (`<attribute>_wo`, never
 * stored in plan or state) with its version (`<attribute>_wo_version`): the provider sends the
 * value when the resource is created and whenever the version changes.
 */
export function setWriteOnlySecret(resource: TerraformResource, attribute: string, secret: Secret): void {
  resource.addOverride(`${attribute}_wo`, secret.value);
  resource.addOverride(`${attribute}_wo_version`, secret.version);
}

/** Makes a variable ephemeral (Terraform 1.10 and later): its value is kept out of plan files. */
export function makeEphemeral(variable: TerraformVariable): void {
  variable.addOverride('ephemeral', true);
}
