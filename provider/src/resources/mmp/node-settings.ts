/**
 * The nodeSettings lifecycle: settings of one node kept on its MMP. Reads run the named readers;
 * writes compare the wanted values with what the node reports now (not with state, which may be
 * stale) and run the attributes' commands. Destroy puts the settings the configuration set back
 * to the node's defaults (each attribute's `mmp.default`); which ones it set is kept in the
 * resource's private state at plan time, so a setting it never managed is never touched.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';
import type { AttributeDefinition, Definition, MmpAttribute } from '../definition';
import type { ResourceOperations } from '../operations';
import { OperationError } from '../operations';
import { renderCommand, TemplateError } from './commands';
import { NodeStatus, READERS } from './readers';

type MmpManaged = AttributeDefinition & { mmp: MmpAttribute };

function sameItems(a: CtyValue, b: CtyValue): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const x = [...a].map(String).sort();
  const y = [...b].map(String).sort();
  return x.every((v, i) => v === y[i]);
}

function same(attr: AttributeDefinition, a: CtyValue, b: CtyValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    return attr.unordered ? sameItems(a, b) : a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return (a ?? null) === (b ?? null);
}

const known = (v: CtyValue | undefined): boolean => v !== null && v !== undefined && !isUnknown(v);

/** What the private state of a nodeSettings resource holds: the settings its configuration sets. */
interface NodeSettingsPrivate {
  managed: string[];
}

/** The private data as a JSON object (other parts of the provider keep theirs beside ours). */
function privateObject(data: Buffer | undefined): Record<string, unknown> {
  if (!data || data.length === 0) return {};
  try {
    const parsed = JSON.parse(data.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The private state to plan: `data` with the attributes the configuration sets (destroy restores those). */
export function nodeSettingsPrivate(def: Definition, config: CtyObject | null, data?: Buffer): Buffer | undefined {
  if (!config) return data;
  const managed = Object.entries(def.attributes)
    .filter(([name, attr]) => attr.mmp && config[name] !== null && config[name] !== undefined)
    .map(([name]) => name);
  return Buffer.from(JSON.stringify({ ...privateObject(data), managed } satisfies Partial<NodeSettingsPrivate> & Record<string, unknown>));
}

function managedFrom(privateState: Buffer | undefined): string[] {
  const managed = privateObject(privateState).managed;
  return Array.isArray(managed) ? managed.filter((m): m is string => typeof m === 'string') : [];
}

export class NodeSettingsOperations implements ResourceOperations {
  private readonly nodeAttribute: string;

  constructor(
    private readonly def: Definition,
    private readonly mmp: (node: string) => MmpClient,
  ) {
    this.nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
  }

  private managed(): Array<[string, MmpManaged]> {
    return Object.entries(this.def.attributes).filter((e): e is [string, MmpManaged] => Boolean(e[1].mmp));
  }

  private nodeOf(values: CtyObject): string {
    const node = values[this.nodeAttribute];
    if (typeof node !== 'string') throw new OperationError(`${this.def.typeName}: ${this.nodeAttribute} is not known`);
    return node;
  }

  /** What the node reports now, as attribute values. */
  private async current(node: string): Promise<CtyObject> {
    const status = new NodeStatus(this.mmp(node));
    const values: CtyObject = {};
    for (const [name, attr] of this.managed()) values[name] = await READERS[attr.mmp.read](status);
    return values;
  }

  async read(state: CtyObject): Promise<CtyObject | null> {
    const node = this.nodeOf(state);
    const live = await this.current(node);
    const out: CtyObject = { id: node, [this.nodeAttribute]: node };
    for (const [name, attr] of this.managed()) {
      // A list in another order is the same list where order does not matter: keep state's order.
      out[name] = attr.unordered && sameItems(live[name], state[name] ?? null) ? (state[name] ?? null) : live[name];
    }
    return out;
  }

  async create(planned: CtyObject): Promise<CtyObject> {
    return this.converge(planned);
  }

  async update(_prior: CtyObject, planned: CtyObject): Promise<CtyObject> {
    return this.converge(planned);
  }

  /** Puts the settings the configuration set back to the node's defaults (see the docs per setting). */
  async delete(prior: CtyObject, privateState?: Buffer): Promise<void> {
    const managed = new Set(managedFrom(privateState));
    const restore = this.managed().filter(([name, attr]) => managed.has(name) && attr.mmp.default !== undefined);
    if (restore.length === 0) return;
    const node = this.nodeOf(prior);
    const wanted: CtyObject = {};
    for (const [name, attr] of restore) wanted[name] = attr.mmp.default as CtyValue;
    // Later attributes switch services on (`*_enabled`): undone first, so settings are cleared on a stopped service.
    await this.write(node, wanted, [...restore].reverse(), false);
  }

  async importState(importId: string): Promise<CtyObject> {
    const state: CtyObject = { id: importId, [this.nodeAttribute]: importId };
    for (const [name] of this.managed()) state[name] = null;
    this.mmp(importId); // fails early, naming the configured nodes, if there is no such node
    return state;
  }

  /** Runs the commands that take the node from what it reports to the plan. */
  private async converge(planned: CtyObject): Promise<CtyObject> {
    const node = this.nodeOf(planned);
    const wanted: CtyObject = {};
    for (const [name] of this.managed()) if (known(planned[name])) wanted[name] = planned[name]!;
    await this.write(node, wanted, this.managed(), true);
    const state = (await this.read({ ...planned, id: node }))!;
    for (const [name, attr] of this.managed()) {
      const p = planned[name];
      if (known(p) && !same(attr, p!, state[name] ?? null)) {
        throw new OperationError(`Node ${node} reports ${JSON.stringify(state[name])} for ${name} after the change, not ${JSON.stringify(p)}.`, name, 'The node did not take the setting');
      }
    }
    return state;
  }

  /**
   * Makes the attributes in `order` that `target` names equal to it (values not in `target` stay
   * as the node has them and fill the commands' other placeholders), then runs the `then`
   * commands of those that changed when `runThen`.
   */
  private async write(node: string, target: CtyObject, order: Array<[string, MmpManaged]>, runThen: boolean): Promise<void> {
    const client = this.mmp(node);
    const live = await this.current(node);
    const wanted: CtyObject = { ...live, ...target };
    const ran = new Set<string>();
    const afterwards: string[] = [];
    const run = async (command: string) => {
      if (ran.has(command)) return;
      ran.add(command);
      await client.runChecked(command);
    };
    try {
      for (const [name, attr] of order) {
        if (!(name in target) || same(attr, wanted[name] ?? null, live[name] ?? null)) continue;
        const { add, remove, set, unset, then } = attr.mmp;
        if (add && remove && Array.isArray(wanted[name])) {
          const have = (Array.isArray(live[name]) ? live[name] : []) as CtyValue[];
          const want = wanted[name] as CtyValue[];
          for (const item of have.filter((x) => !want.includes(x))) await run(renderCommand(remove, wanted, String(item)));
          for (const item of want.filter((x) => !have.includes(x))) await run(renderCommand(add, wanted, String(item)));
        } else if (unset && (!known(wanted[name]) || (Array.isArray(wanted[name]) && (wanted[name] as CtyValue[]).length === 0))) {
          for (const command of unset) await run(renderCommand(command, wanted));
        } else if (set) {
          for (const command of set) await run(renderCommand(command, wanted));
        } else {
          throw new OperationError(`${this.def.typeName}.${name} cannot be changed over the MMP.`, name);
        }
        if (runThen) for (const command of then ?? []) if (!afterwards.includes(command)) afterwards.push(command);
      }
      for (const command of afterwards) await run(renderCommand(command, wanted));
    } catch (err) {
      if (err instanceof TemplateError) throw new OperationError(`${this.def.typeName}: ${err.message}.`);
      throw err;
    }
  }
}
