/**
 * The `--state` file: the databases, every node's own settings and the LDAP directory, written
 * after each change (atomically, through a temporary file) and read at start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PersistedDatabase } from '../cluster/configuration';
import type { DatabaseClusterSnapshot } from '../cluster/database';
import type { SimNodeState } from '../cluster/node';
import { LdapEntry } from '../ldap/directory';
import { DatabaseSnapshot } from '../model/store';

export const STATE_FORMAT = 'cms-simulator-state';
export const STATE_VERSION = 1;

/** A node's own settings: hostId, per-node singletons, MMP settings and files, database view. */
export type PersistedNode = SimNodeState;

export interface PersistedState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  savedAt: string;
  clusterId: string;
  /** Each configuration database and the nodes that use it. */
  databases?: PersistedDatabase[];
  /** Files written before nodes had databases of their own: one database all nodes used. */
  database?: DatabaseSnapshot;
  nodes: Record<string, PersistedNode>;
  /** Database clusters the nodes form (MMP `database cluster …`); absent in older files. */
  databaseClusters?: DatabaseClusterSnapshot[];
  directory: LdapEntry[];
}

export class StateFile {
  constructor(readonly filePath: string) {}

  /** The saved state, or undefined when there is no file yet. Throws on a file that is not ours. */
  load(): PersistedState | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`${this.filePath}: not JSON (${(err as Error).message})`);
    }
    const state = parsed as Partial<PersistedState>;
    if (state.format !== STATE_FORMAT || state.version !== STATE_VERSION) {
      throw new Error(`${this.filePath}: not a simulator state file (expected "format": "${STATE_FORMAT}", "version": ${STATE_VERSION})`);
    }
    return {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      savedAt: state.savedAt ?? '',
      clusterId: state.clusterId ?? '',
      ...(state.databases ? { databases: state.databases } : { database: state.database ?? {} }),
      nodes: state.nodes ?? {},
      databaseClusters: state.databaseClusters ?? [],
      directory: state.directory ?? [],
    };
  }

  save(state: Omit<PersistedState, 'format' | 'version' | 'savedAt'>): void {
    const full: PersistedState = { format: STATE_FORMAT, version: STATE_VERSION, savedAt: new Date().toISOString(), ...state };
    fs.mkdirSync(path.dirname(path.resolve(this.filePath)), { recursive: true });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(full, null, 2) + '\n');
    fs.renameSync(tmp, this.filePath);
  }
}
