/**
 * The nodeSettings lifecycle: settings of one node kept on its MMP. Reads run the named readers;
 * writes compare the wanted values with what the node reports now (not with state, which may be
 * stale) and run the attributes' commands; destroy leaves the node as it is.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';
import type { AttributeDefinition, Definition } from '../definition';
import type { ResourceOperations } from '../operations';
import { OperationError } from '../operations';
import { renderCommand, TemplateError } from './commands';
import { NodeStatus, READERS } from './readers';

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
  return a === b;
}

export class NodeSettingsOperations implements ResourceOperations {
  private readonly nodeAttribute: string;

  constructor(
    private readonly def: Definition,
    private readonly mmp: (node: string) => MmpClient,
  ) {
    this.nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
  }

  private managed(): Array<[string, AttributeDefinition & { mmp: NonNullable<AttributeDefinition['mmp']> }]> {
    return Object.entries(this.def.attributes).filter((e): e is [string, AttributeDefinition & { mmp: NonNullable<AttributeDefinition['mmp']> }] => Boolean(e[1].mmp));
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

  async delete(): Promise<void> {
    // Node settings are properties of the node: forgetting them changes nothing on it.
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
    const client = this.mmp(node);
    const live = await this.current(node);
    // Values the plan leaves to the server are whatever the node has now.
    const wanted: CtyObject = { ...live };
    for (const [name] of this.managed()) {
      const p = planned[name];
      if (p !== null && p !== undefined && !isUnknown(p)) wanted[name] = p;
    }
    const ran = new Set<string>();
    const afterwards: string[] = [];
    const run = async (command: string) => {
      if (ran.has(command)) return;
      ran.add(command);
      await client.runChecked(command);
    };
    try {
      for (const [name, attr] of this.managed()) {
        if (same(attr, wanted[name], live[name])) continue;
        const { add, remove, set, then } = attr.mmp;
        if (add && remove && Array.isArray(wanted[name])) {
          const have = (Array.isArray(live[name]) ? live[name] : []) as CtyValue[];
          const want = wanted[name] as CtyValue[];
          for (const item of have.filter((x) => !want.includes(x))) await run(renderCommand(remove, wanted, String(item)));
          for (const item of want.filter((x) => !have.includes(x))) await run(renderCommand(add, wanted, String(item)));
        } else if (set) {
          for (const command of set) await run(renderCommand(command, wanted));
        } else {
          throw new OperationError(`${this.def.typeName}.${name} cannot be changed over the MMP.`, name);
        }
        for (const command of then ?? []) if (!afterwards.includes(command)) afterwards.push(command);
      }
      for (const command of afterwards) await run(renderCommand(command, wanted));
    } catch (err) {
      if (err instanceof TemplateError) throw new OperationError(`${this.def.typeName}: ${err.message}.`);
      throw err;
    }
    const state = (await this.read({ ...planned, id: node }))!;
    for (const [name, attr] of this.managed()) {
      const p = planned[name];
      if (p !== null && p !== undefined && !isUnknown(p) && !same(attr, p, state[name])) {
        throw new OperationError(`Node ${node} reports ${JSON.stringify(state[name])} for ${name} after the change, not ${JSON.stringify(p)}.`, name, 'The node did not take the setting');
      }
    }
    return state;
  }
}
