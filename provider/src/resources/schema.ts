/** Turns a definition into the Terraform schema the provider serves. */
import type { CtyType, Schema, SchemaAttribute } from '../plugin/types';
import type { AttributeDefinition, Definition, ScalarType } from './definition';
import { isSensitive } from './definition';
import { versionSentence } from './versions';

const SCALAR: Record<ScalarType, CtyType> = { string: 'string', number: 'number', bool: 'bool' };

/** The Terraform type of an attribute. */
export function ctyTypeOf(attr: AttributeDefinition): CtyType {
  switch (attr.type) {
    case 'stringList':
      return ['list', 'string'];
    case 'stringSet':
      return ['set', 'string'];
    case 'stringMap':
      return ['map', 'string'];
    case 'objectList': {
      const fields: Record<string, CtyType> = {};
      for (const [name, item] of Object.entries(attr.items?.attributes ?? {})) fields[name] = ctyTypeOf(item);
      return ['list', ['object', fields]];
    }
    default:
      return SCALAR[attr.type];
  }
}

/** The attribute's description with its constraints spelled out, as shown in docs and editors. */
export function attributeDescription(attr: AttributeDefinition): string {
  const parts = [attr.description.trim()];
  if (attr.enum) parts.push(`One of ${attr.enum.map((e) => `\`${e}\``).join(', ')}.`);
  if (attr.minimum !== undefined && attr.maximum !== undefined) parts.push(`From ${attr.minimum} to ${attr.maximum}.`);
  else if (attr.minimum !== undefined) parts.push(`At least ${attr.minimum}.`);
  else if (attr.maximum !== undefined) parts.push(`At most ${attr.maximum}.`);
  if (attr.serverDefault !== undefined) parts.push(`When unset the server uses \`${String(attr.serverDefault)}\`.`);
  if (attr.forceNew) parts.push('Changing it replaces the object.');
  const versions = versionSentence(attr.since, attr.until);
  if (versions) parts.push(versions);
  return parts.join(' ');
}

function terraformAttribute(name: string, attr: AttributeDefinition, dataSource: boolean): SchemaAttribute {
  const a: SchemaAttribute = { name, type: ctyTypeOf(attr), description: attributeDescription(attr), descriptionKind: 'markdown' };
  if (dataSource) {
    if (attr.mode === 'required') a.required = true;
    else if (attr.mode === 'optional') a.optional = true;
    else a.computed = true;
  } else if (attr.mode === 'required') a.required = true;
  else if (attr.mode === 'optional') a.optional = true;
  else if (attr.mode === 'computed') a.computed = true;
  else {
    a.optional = true;
    a.computed = true;
  }
  if (isSensitive(attr)) a.sensitive = true;
  if (attr.writeOnly) a.writeOnly = true;
  return a;
}

const ID_DESCRIPTION: Record<Definition['kind'], string> = {
  collection: 'Id (GUID) the Meeting Server gave the object.',
  child: 'Id (GUID) the Meeting Server gave the object.',
  singleton: 'Fixed id of the settings object (its API path).',
  action: 'Id of this action\'s last run.',
  dataSource: 'Id of what was read.',
};

/** What a type's id is: objects kept on a node's MMP are named by node and name. */
export function idDescription(def: Definition): string {
  if (def.mmp?.lifecycle === 'nodeCertificate' || def.mmp?.lifecycle === 'mmpAccount') return 'The node and the name, `<node>/<name>` (the import id).';
  if (def.mmp?.lifecycle === 'nodeSettings') return 'The node\'s name (the import id).';
  return ID_DESCRIPTION[def.kind];
}

export function definitionSchema(def: Definition): Schema {
  const dataSource = def.kind === 'dataSource';
  const attributes: SchemaAttribute[] = [
    { name: 'id', type: 'string', computed: true, description: idDescription(def), descriptionKind: 'plain' },
    ...Object.entries(def.attributes).map(([name, attr]) => terraformAttribute(name, attr, dataSource)),
  ];
  return {
    version: def.schemaVersion ?? 0,
    block: { attributes, description: [def.description, versionSentence(def.since, def.until)].filter(Boolean).join(' '), descriptionKind: 'markdown' },
  };
}
