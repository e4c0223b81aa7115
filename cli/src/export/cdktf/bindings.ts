/**
 * Names in the generated L1 bindings: the namespace and class of a resource type, and the
 * property a Terraform attribute becomes. They follow @cdktf/provider-generator's conventions
 * (camel case; a few names that clash with members of the construct classes are renamed); a
 * unit test checks them against the generated bindings for every attribute of every type.
 */

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** As the generator writes properties: a letter after a digit starts a word too (`c2w` → `c2W`). */
function generatorCamel(snake: string): string {
  return camel(snake).replace(/([0-9])([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

/** Property names the generator renames (they clash with construct or jsii members). */
const RENAMED: Record<string, string> = {
  node: 'nodeAttribute',
  system: 'systemAttribute',
  self: 'selfAttribute',
  build: 'buildAttribute',
  equals: 'equalTo',
  tfResourceType: 'tfResourceTypeAttribute',
  importFrom: 'importFromAttribute',
  moveTo: 'moveToAttribute',
  software: 'softwareAttribute',
};

/** The binding's config property for a Terraform attribute: `sip_media_encryption` → `sipMediaEncryption`. */
export function propertyName(attribute: string): string {
  const name = generatorCamel(attribute);
  if (RENAMED[name]) return RENAMED[name];
  if (/^get[A-Za-z]+/.test(name)) return name.replace('get', 'fetch');
  return name;
}

/** `cms_call_leg_profile` → `{ namespace: 'callLegProfile', className: 'CallLegProfile' }`. */
export function bindingOf(typeName: string): { namespace: string; className: string } {
  const namespace = camel(typeName.replace(/^cms_/, ''));
  return { namespace, className: namespace[0]!.toUpperCase() + namespace.slice(1) };
}

/** A TypeScript identifier from a Terraform name: `call_leg_profile_everyone` → `callLegProfileEveryone`. */
export function variableName(terraformName: string): string {
  return camel(terraformName.replace(/-/g, '_'));
}
