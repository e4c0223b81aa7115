/**
 * `/ldapSyncs` jobs (cms-api.md §2.15): POST queues a sync (`pending`), which later runs
 * (`inProgress`) and ends `complete` or `failed`; with `removeWhenFinished=true` (the default)
 * the job object then disappears. Jobs run one at a time, after a configurable delay, so
 * clients have to poll as they would against a server; with no delay the sync finishes before
 * the POST is answered.
 */
import { badRequest } from '../api/failures';
import { JobRunner } from '../api/handler';
import { ObjectEngine } from '../api/objects';
import { XmlElement } from '../api/xml';
import { Database } from '../model/store';
import { Fields, ParamChanges, StoredObject } from '../model/types';
import { MAX_QUEUED_LDAP_SYNCS } from '../unverified';
import { LdapDirectory } from './directory';
import { LdapClash, LdapSyncResult, runLdapSync } from './sync';

export interface LdapSyncRecord extends LdapSyncResult {
  id: string;
  ldapSource?: string;
  tenant?: string;
  startedAt: string;
  finishedAt: string;
}

export interface LdapSyncJobsOptions {
  db: Database;
  engine: ObjectEngine;
  directory: () => LdapDirectory;
  /** Time from POST to completion; half of it is spent `pending`, half `inProgress`. */
  delayMs: () => number;
  /** Called after a sync changed the database (for persistence). */
  onChange: () => void;
}

const HISTORY_LIMIT = 50;
const META_CLASHES = 'clashes';

export class LdapSyncJobs implements JobRunner {
  private readonly queue: string[] = [];
  private running: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly records: LdapSyncRecord[] = [];

  constructor(private readonly options: LdapSyncJobsOptions) {}

  private get type() {
    return this.options.db.registry.get('ldapSync');
  }

  submit(changes: ParamChanges): StoredObject {
    const { db, engine } = this.options;
    const active = db.all('ldapSync').filter((j) => j.fields.state === 'pending' || j.fields.state === 'inProgress');
    if (active.length >= MAX_QUEUED_LDAP_SYNCS) throw badRequest('tooManyLdapSyncs');
    const job = engine.create(this.type, undefined, { ...changes, state: 'pending' }, { asServer: true, skipReferenceCheck: true, skipUniqueness: true });
    this.queue.push(job.id);
    this.pump();
    return job;
  }

  cancel(object: StoredObject): void {
    const queued = this.queue.indexOf(object.id);
    if (object.fields.state === 'pending' && queued >= 0) {
      this.queue.splice(queued, 1);
      this.options.db.remove('ldapSync', object.id);
      return;
    }
    if (object.fields.state === 'pending' || object.fields.state === 'inProgress') throw badRequest('ldapSyncCannotBeCancelled');
    // A finished job kept with removeWhenFinished=false is deleted by its owner.
    this.options.db.remove('ldapSync', object.id);
  }

  /** Simulator extension on the job's GET: `<clashes><clash kind= value= dn= heldBy=/></clashes>`. */
  extraElements(object: StoredObject): XmlElement[] {
    const raw = object.meta?.[META_CLASHES];
    if (!raw) return [];
    const clashes = JSON.parse(raw) as LdapClash[];
    return [
      {
        name: 'clashes',
        attributes: { total: String(clashes.length) },
        children: clashes.map((c) => ({ name: 'clash', attributes: { kind: c.kind, value: c.value, dn: c.dn, heldBy: c.heldBy } })),
      },
    ];
  }

  /** Finished syncs, newest last (also for removed job objects). */
  history(): LdapSyncRecord[] {
    return this.records.map((r) => ({ ...r, clashes: [...r.clashes] }));
  }

  /** Drops queued jobs and timers (reset, stop). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.running = undefined;
    this.records.length = 0;
  }

  /** Resolves when no sync is queued or running. */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private setState(id: string, state: string): boolean {
    const job = this.options.db.get('ldapSync', id);
    if (!job) return false;
    this.options.db.put('ldapSync', { ...job, fields: { ...job.fields, state } });
    return true;
  }

  private pump(): void {
    if (this.running) return;
    const id = this.queue.shift();
    if (!id) return;
    this.running = id;
    const delay = this.options.delayMs();
    const startedAt = new Date().toISOString();
    if (delay <= 0) {
      this.setState(id, 'inProgress');
      this.finish(id, startedAt);
      return;
    }
    this.later(delay / 2, () => {
      if (!this.setState(id, 'inProgress')) return this.next();
      this.later(delay / 2, () => this.finish(id, startedAt));
    });
  }

  private next(): void {
    this.running = undefined;
    this.pump();
  }

  private finish(id: string, startedAt: string): void {
    const { db, engine } = this.options;
    const job = db.get('ldapSync', id);
    if (!job) return this.next();
    const scope = { ldapSource: job.fields.ldapSource, tenant: job.fields.tenant };
    const result = runLdapSync(db, engine, this.options.directory(), scope);
    this.records.push({ id, ...scope, ...result, startedAt, finishedAt: new Date().toISOString() });
    if (this.records.length > HISTORY_LIMIT) this.records.shift();
    if (job.fields.removeWhenFinished === 'false') {
      const fields: Fields = { ...job.fields, state: result.state, numUsersImported: String(result.numUsersImported), numLdapSourcesComplete: String(result.numLdapSourcesComplete) };
      if (result.failureReason) fields.failureReason = result.failureReason;
      db.put('ldapSync', { ...job, fields, meta: result.clashes.length ? { [META_CLASHES]: JSON.stringify(result.clashes) } : undefined });
    } else {
      db.remove('ldapSync', id);
    }
    this.options.onChange();
    this.next();
  }
}
