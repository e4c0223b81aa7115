/** What an MMP command runs against: one node's MMP settings, files, users and database view. */
import type { NodeDatabase } from '../cluster/database';
import type { SimUser } from '../cluster/node';
import type { MmpReply } from './reply';
import type { NodeMmp } from './settings';

export interface MmpContext {
  readonly nodeName: string;
  /** The node's own address (what `database cluster join` on other nodes names). */
  readonly address: string;
  readonly mmp: NodeMmp;
  readonly database: NodeDatabase;
  /** The node's MMP users (also the API's): `user` commands change this list in place. */
  readonly users: SimUser[];
  /** Who runs the command, when it arrived over SSH (commands run by the control API have none). */
  readonly sessionUser?: string;
  /** Called after a change `mmp.update` does not see (database clustering, users). */
  readonly changed: () => void;
}

/** One command family (`webadmin`, `database`, …): the words after the family name. */
export type MmpCommandFamily = (args: string[], ctx: MmpContext) => MmpReply;
