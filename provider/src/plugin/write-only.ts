/**
 * Write-only attributes (Terraform 1.11+) are sent in configuration but must be null in every
 * state a provider returns; Terraform rejects the response otherwise. The plugin layer enforces
 * it on the way out, so an engine bug cannot break an apply after the remote change is made.
 */
import { isUnknown } from './types';
import type { CtyObject, CtyValue, SchemaAttribute, SchemaBlock, SchemaObject } from './types';

export function blockHasWriteOnly(block: SchemaBlock): boolean {
  return block.attributes.some(attributeHasWriteOnly) || (block.blockTypes ?? []).some((b) => blockHasWriteOnly(b.block));
}

function attributeHasWriteOnly(a: SchemaAttribute): boolean {
  return a.writeOnly === true || (a.nestedType !== undefined && a.nestedType.attributes.some(attributeHasWriteOnly));
}

/** Where a block's write-only attributes are, found once per block (schemas never change). */
interface WriteOnlyLayout {
  direct: string[];
  nestedAttributes: SchemaAttribute[];
  nestedBlocks: SchemaBlock['blockTypes'] & object;
}
const layouts = new WeakMap<SchemaBlock, WriteOnlyLayout>();

function layoutOf(block: SchemaBlock): WriteOnlyLayout {
  let layout = layouts.get(block);
  if (!layout) {
    layout = {
      direct: block.attributes.filter((a) => a.writeOnly).map((a) => a.name),
      nestedAttributes: block.attributes.filter((a) => !a.writeOnly && a.nestedType && attributeHasWriteOnly(a)),
      nestedBlocks: (block.blockTypes ?? []).filter((b) => blockHasWriteOnly(b.block)),
    };
    layouts.set(block, layout);
  }
  return layout;
}

/**
 * The block's own write-only attributes when they are its only ones (no nested attribute or
 * block holds any): then the encoder can write them as null without a copy of the value.
 */
export function topLevelWriteOnly(block: SchemaBlock): ReadonlySet<string> | undefined {
  const { direct, nestedAttributes, nestedBlocks } = layoutOf(block);
  return nestedAttributes.length === 0 && nestedBlocks.length === 0 ? new Set(direct) : undefined;
}

/** A copy of `value` with every write-only attribute set to null. */
export function nullWriteOnly(value: CtyObject, block: SchemaBlock): CtyObject {
  const { direct, nestedAttributes, nestedBlocks } = layoutOf(block);
  const out: CtyObject = { ...value };
  for (const name of direct) out[name] = null;
  for (const a of nestedAttributes) out[a.name] = mapNested(value[a.name], a.nestedType!.nesting, (o) => nullInObject(o, a.nestedType as SchemaObject));
  for (const b of nestedBlocks) {
    const nesting = b.nesting === 'group' ? 'single' : b.nesting;
    out[b.typeName] = mapNested(value[b.typeName], nesting, (o) => nullWriteOnly(o, b.block));
  }
  return out;
}

const objectBlocks = new WeakMap<SchemaObject, SchemaBlock>();

function nullInObject(value: CtyObject, obj: SchemaObject): CtyObject {
  let block = objectBlocks.get(obj);
  if (!block) objectBlocks.set(obj, (block = { attributes: obj.attributes }));
  return nullWriteOnly(value, block);
}

function mapNested(value: CtyValue | undefined, nesting: 'single' | 'list' | 'set' | 'map', f: (o: CtyObject) => CtyObject): CtyValue {
  if (value === undefined || value === null || isUnknown(value)) return value ?? null;
  const asObject = (v: CtyValue): CtyValue => (isPlainObject(v) ? f(v) : v);
  if (nesting === 'single') return asObject(value);
  if (nesting === 'map') {
    if (!isPlainObject(value)) return value;
    const out: CtyObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = asObject(v);
    return out;
  }
  return Array.isArray(value) ? value.map(asObject) : value;
}

function isPlainObject(v: CtyValue): v is CtyObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}
