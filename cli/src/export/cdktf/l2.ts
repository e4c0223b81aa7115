/**
 * Using the L2 constructs in an exported app: a group of exported objects is written as one L2
 * construct only when that construct, given the props read back from the objects, makes
 * exactly those objects with exactly their values. That is checked by building the construct
 * in a scratch stack and comparing what it synthesizes with what the server holds, so the
 * constructs' own mapping decides, not a copy of it here.
 */
import { TerraformStack, Testing } from 'cdktf';
import type { TerraformResource } from 'cdktf';
import type { CtyValue } from '../../../../provider/src/plugin/types';
import { provider } from '../../../../constructs/src';
import type { ExportedResource, ExportValue } from '../model';
import type { Code } from './typescript';

/** One L2 construct standing for several exported objects. */
export interface L2Group {
  /** What it is, for comments (`SpaceTemplate Team meeting`). */
  title: string;
  /** TypeScript variable holding the construct. */
  varName: string;
  /** The exported objects it makes, each with the TypeScript expression of its L1 resource. */
  members: Map<ExportedResource, string>;
  /** Exported objects it refers to (declared before it). */
  dependsOn: ExportedResource[];
  /** Names the code uses from the construct library. */
  uses: string[];
  /** Statements creating it; `id(r)` is the TypeScript expression of another object's id. */
  code(id: (r: ExportedResource) => Code): string[];
}

/** Exported objects already taken by an L2 group (an object is made by one construct only). */
export type Claimed = Set<ExportedResource>;

/** An attribute's value on an exported object, or undefined. */
export function valueOf(r: ExportedResource, name: string): ExportValue | undefined {
  return r.attributes.find((a) => a.name === name)?.value;
}

export function literal(r: ExportedResource, name: string): CtyValue | undefined {
  const v = valueOf(r, name);
  return v?.kind === 'literal' ? v.value : undefined;
}

export function target(r: ExportedResource, name: string): ExportedResource | undefined {
  const v = valueOf(r, name);
  return v?.kind === 'reference' ? v.target : undefined;
}

/** Attribute names set on an exported object. */
export function attributeNames(r: ExportedResource): string[] {
  return r.attributes.map((a) => a.name);
}

/** Whether every attribute is a plain value or a reference (no raw ids, no secrets). */
export function plain(r: ExportedResource): boolean {
  return r.attributes.every((a) => a.value.kind === 'literal' || a.value.kind === 'reference') && !r.provider && r.refused.length === 0;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const META = new Set(['provider', 'lifecycle', '//', 'depends_on', 'count', 'for_each']);

/**
 * Builds the construct in a scratch stack and checks that it synthesizes exactly the paired
 * objects with their values: references between paired objects are Terraform references, and
 * references to anything else were given to the construct as the server's ids.
 */
export function makesExactly(build: (stack: TerraformStack) => Map<ExportedResource, TerraformResource>): boolean {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'verify');
  new provider.CmsProvider(stack, 'cms', { url: 'https://cms.invalid' });
  let pairs: Map<ExportedResource, TerraformResource>;
  let doc: { resource?: Record<string, Record<string, Record<string, unknown>>> };
  try {
    pairs = build(stack);
    doc = JSON.parse(Testing.synth(stack, true)) as typeof doc;
  } catch {
    return false; // the construct refuses these props: it cannot stand for these objects
  }
  const lid = (c: TerraformResource) => stack.getLogicalId(c);
  const byConstruct = new Map([...pairs].map(([r, c]) => [c, r]));
  const made = Object.entries(doc.resource ?? {}).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
  if (made.length !== pairs.size) return false;
  for (const [r, c] of pairs) {
    const config = doc.resource?.[r.typeName]?.[lid(c)];
    if (!config) return false;
    const keys = Object.keys(config).filter((k) => !META.has(k)).sort();
    if (!same(keys, attributeNames(r).sort())) return false;
    for (const a of r.attributes) {
      const got = config[a.name];
      if (a.value.kind === 'literal') {
        if (!same(got, a.value.value)) return false;
      } else if (a.value.kind === 'reference') {
        const inside = pairs.get(a.value.target);
        const want = inside ? `\${${a.value.target.typeName}.${lid(inside)}.id}` : a.value.target.found.id;
        if (got !== want) return false;
      } else {
        return false;
      }
    }
    if (!byConstruct.has(c)) return false;
  }
  return true;
}
