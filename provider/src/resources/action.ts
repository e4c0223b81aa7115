/**
 * Actions: resources that are operations, not stored objects (LDAP sync). Creating one runs the
 * operation and waits for its job to finish; replacing it (a trigger changed) runs it again;
 * reading and destroying it touch nothing on the server. With the definition's `runOnAttribute`
 * set to `destroy`, it is the other way round: creating records nothing ran, and destroying
 * runs the operation, after whatever depends on the resource is gone.
 */
import * as crypto from 'node:crypto';
import { CmsNotFoundError, UnknownOutcomeError } from '../cms/errors';
import type { CmsXmlNode } from '../cms/xml';
import type { CtyObject } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { CmsApi } from './api';
import type { ActionDefinition, Definition } from './definition';
import { collectionPath } from './locator';
import { createParams, readAttribute } from './mapping';
import { OperationError } from './operations';
import { extractNodes, extractText } from './xml-path';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The children of the detail element, each written as `name key=value ...`. */
function details(job: CmsXmlNode, element: string | undefined): string[] {
  if (!element) return [];
  return extractNodes(job, element).flatMap((group) =>
    Object.values(group.children)
      .flat()
      .map((c) => `${c.element} ${Object.entries(c.attributes).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`),
  );
}

export class ActionOperations {
  private readonly action: ActionDefinition;

  constructor(
    private readonly def: Definition,
    private readonly api: CmsApi,
  ) {
    if (!def.action) throw new Error(`${def.typeName} is an action without an action section`);
    this.action = def.action;
  }

  private async measure(path: string, where: Record<string, string> | undefined): Promise<number> {
    if (!where) return this.api.count(path);
    let n = 0;
    for await (const item of this.api.list(path)) if (Object.entries(where).every(([k, v]) => item.values[k] === v)) n++;
    return n;
  }

  private timeoutMs(planned: CtyObject): number {
    const name = this.action.timeoutAttribute;
    const v = name ? planned[name] : null;
    const seconds = typeof v === 'number' ? v : (this.action.defaultTimeoutSeconds ?? 300);
    return seconds * 1000;
  }

  private async start(path: string, params: Record<string, string>): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.api.create(path, params)).id;
      } catch (err) {
        // A lost answer may be followed by a second run only when running twice does no harm.
        if (!(err instanceof UnknownOutcomeError) || !this.action.replayable || attempt >= 3) throw err;
      }
    }
  }

  /** Nothing is stored on the server: state is what the last run recorded. */
  async read(state: CtyObject): Promise<CtyObject | null> {
    return state;
  }

  private runsOnDestroy(values: CtyObject): boolean {
    const name = this.action.runOnAttribute;
    return name !== undefined && values[name] === 'destroy';
  }

  async create(planned: CtyObject): Promise<CtyObject> {
    if (!this.runsOnDestroy(planned)) return this.run(planned);
    // Nothing runs yet: the outcome attributes stay empty until the destroy runs it.
    const state: CtyObject = { id: crypto.randomUUID() };
    for (const [name, attr] of Object.entries(this.def.attributes)) {
      const p = planned[name];
      state[name] = attr.mode === 'computed' || p === undefined || isUnknown(p) ? null : p;
    }
    return state;
  }

  /** Only local settings (such as the timeout) change in place; triggers replace, which runs again. */
  async update(_prior: CtyObject, planned: CtyObject): Promise<CtyObject> {
    return planned;
  }

  async delete(prior: CtyObject): Promise<void> {
    // Destroying an action record undoes nothing: the operation already happened; unless it
    // was set to run now.
    if (this.runsOnDestroy(prior)) await this.run(prior);
  }

  async importState(): Promise<CtyObject> {
    throw new OperationError(`${this.def.typeName} is an action, not a stored object: there is nothing to import. Declare it and apply to run it.`);
  }

  /** Runs the operation and returns the state recording its outcome. */
  async run(planned: CtyObject): Promise<CtyObject> {
    const path = collectionPath(this.def, planned);
    const measures = this.action.measures ?? [];
    const before = await Promise.all(measures.map((m) => this.measure(m.path, m.where)));
    const params = { ...createParams(this.def, planned), ...(this.action.params ?? {}) };
    const id = await this.start(path, params);
    const job = await this.follow(`${path}/${encodeURIComponent(id)}`, this.timeoutMs(planned));
    const state: CtyObject = { id };
    for (const [name, attr] of Object.entries(this.def.attributes)) {
      const p = planned[name];
      state[name] = attr.mode === 'computed' ? readAttribute(attr, job, null) : p === undefined || isUnknown(p) ? null : p;
    }
    const after = await Promise.all(measures.map((m) => this.measure(m.path, m.where)));
    measures.forEach((m, i) => {
      state[m.before] = before[i];
      state[m.after] = after[i];
    });
    return state;
  }

  /** Polls the job until it reports a final state; fails with its reason when that is failure. */
  private async follow(jobPath: string, timeoutMs: number): Promise<CmsXmlNode> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let job: CmsXmlNode;
      try {
        job = await this.api.get(jobPath);
      } catch (err) {
        if (err instanceof CmsNotFoundError) throw new OperationError(`${this.def.typeName}: the job ${jobPath} disappeared before reporting a final state.`);
        throw err;
      }
      const state = extractText(job, this.action.stateElement) ?? '';
      if (this.action.done.includes(state) || this.action.failed.includes(state)) {
        if (this.action.deleteWhenDone) await this.api.delete(jobPath).catch((e: unknown) => (e instanceof CmsNotFoundError ? undefined : Promise.reject(e)));
        if (this.action.failed.includes(state)) {
          const reason = this.action.failureElement ? extractText(job, this.action.failureElement) : undefined;
          const lines = details(job, this.action.detailElement);
          throw new OperationError(
            `${this.def.typeName} ${jobPath} ended in state "${state}"${reason ? ` with reason "${reason}"` : ''}.` + (lines.length ? `\n\n${lines.join('\n')}` : ''),
            undefined,
            `${this.def.typeName} failed`,
          );
        }
        return job;
      }
      if (Date.now() >= deadline) {
        throw new OperationError(
          `${this.def.typeName} ${jobPath} did not finish within ${Math.round(timeoutMs / 1000)} s (last state "${state}").${this.action.timeoutAttribute ? ` Raise ${this.action.timeoutAttribute} if it needs longer.` : ''}`,
          this.action.timeoutAttribute,
        );
      }
      await sleep(this.action.pollIntervalMs ?? 500);
    }
  }
}
