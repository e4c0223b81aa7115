/**
 * `database cluster …` (cms-api.md §3.10): drives the node's `NodeDatabase`, so joined nodes
 * share one cluster and `/system/database` follows. `status` prints the documented layout.
 */
import { DatabaseStatus } from '../../cluster/database';
import { databaseNodeStateText, MMP_DATABASE_REQUIRES_SETUP, MMP_DATABASE_STATUS_WORDS, MMP_DATABASE_TEXT, MMP_WORDS } from '../../unverified';
import { expectArgs, interfaceName, requireFiles, shown } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, silent, StatusRow, statusLines, success } from '../reply';

const SYNTAX = {
  localnode: 'database cluster localnode <interface>',
  certs:
    'database cluster certs <server-key> <server-certificate> <client-key> <client-certificate> <ca-certificate>\n' +
    '       database cluster certs <client-key> <client-certificate> <ca-certificate>',
  join: 'database cluster join <primary-address>',
  connect: 'database cluster connect <primary-address>',
  any: 'database cluster [localnode|certs|initialize|join|connect|remove|status|clear error|upgrade_schema] ...',
} as const;

/** The five certificate names `status` shows, from the 5- or 3-file `certs` forms. */
function certificateRows(files: readonly string[] | undefined): StatusRow[] {
  const [serverKey, serverCertificate, clientKey, clientCertificate, ca] =
    files?.length === 5 ? files : files?.length === 3 ? [undefined, undefined, ...files] : [];
  return [
    ['  Server Key', shown(serverKey)],
    ['  Server Certificate', shown(serverCertificate)],
    ['  Client Key', shown(clientKey)],
    ['  Client Certificate', shown(clientCertificate)],
    ['  CA Certificate', shown(ca)],
  ];
}

function statusWord(status: DatabaseStatus): string {
  if (!status.clustered) return MMP_DATABASE_STATUS_WORDS.disabled;
  return status.error ? MMP_DATABASE_STATUS_WORDS.error : MMP_DATABASE_STATUS_WORDS.enabled;
}

export function databaseStatusLines(ctx: MmpContext): string[] {
  const status = ctx.database.status();
  const last = status.lastCommand;
  return statusLines([
    ['Status', statusWord(status)],
    ...(status.error ? [['ERROR', status.error] as const] : []),
    ['Nodes:'],
    ...status.nodes.map((n): StatusRow => [`    ${n.address}${n.me ? ' (me)' : ''}`, databaseNodeStateText(n.role, n.up, n.syncBehind)]),
    ['Node in use', shown(status.nodeInUse)],
    ['Interface', shown(ctx.database.settings.localInterface)],
    ['Certificates'],
    ...certificateRows(ctx.database.settings.certificates),
    ['Last command', last ? `'${last.command}' (${last.succeeded ? 'Success' : 'Failed'})` : MMP_WORDS.none],
  ]);
}

/** `initialize` and `join` need the local interface and the five files; `connect` needs the files. */
function requireSetup(ctx: MmpContext, needs: 'databaseNode' | 'client'): void {
  if (!MMP_DATABASE_REQUIRES_SETUP) return;
  const { localInterface, certificates } = ctx.database.settings;
  if (needs === 'databaseNode' && !localInterface) throw new MmpFailure(MMP_DATABASE_TEXT.localnodeMissing);
  const enough = needs === 'databaseNode' ? certificates?.length === 5 : certificates !== undefined;
  if (!enough) throw new MmpFailure(MMP_DATABASE_TEXT.certificatesMissing);
}

/** Runs a clustering change; the node's database records the outcome as `Last command`. */
function act(ctx: MmpContext, change: () => void, done: string): MmpReply {
  try {
    change();
  } finally {
    ctx.changed();
  }
  return success(done);
}

function remove(ctx: MmpContext): MmpReply {
  const proceed = () => act(ctx, () => ctx.database.remove(), MMP_DATABASE_TEXT.removed);
  // Nothing to confirm on an unclustered node: the command fails (and is recorded) at once.
  if (!ctx.database.status().clustered) return proceed();
  return { lines: [], confirm: { prompt: MMP_DATABASE_TEXT.removePrompt, proceed, declined: MMP_DATABASE_TEXT.removeAborted } };
}

function cluster(args: string[], ctx: MmpContext): MmpReply {
  const [sub, ...rest] = args;
  const settings = ctx.database.settings;
  switch (sub) {
    case 'status':
      expectArgs(rest, 0, 'database cluster status');
      return reply(...databaseStatusLines(ctx));
    case 'localnode':
      expectArgs(rest, 1, SYNTAX.localnode);
      settings.localInterface = interfaceName(rest[0]!);
      ctx.changed();
      return silent();
    case 'certs':
      expectArgs(rest, [3, 5], SYNTAX.certs);
      requireFiles((n) => ctx.mmp.files.has(n), rest);
      settings.certificates = [...rest];
      ctx.changed();
      return silent();
    case 'initialize':
      expectArgs(rest, 0, 'database cluster initialize');
      requireSetup(ctx, 'databaseNode');
      return act(ctx, () => ctx.database.initialize(), MMP_DATABASE_TEXT.initialized);
    case 'join': {
      expectArgs(rest, 1, SYNTAX.join);
      requireSetup(ctx, 'databaseNode');
      const address = rest[0]!;
      return act(ctx, () => ctx.database.join(address), MMP_DATABASE_TEXT.joined(address));
    }
    case 'connect': {
      expectArgs(rest, 1, SYNTAX.connect);
      requireSetup(ctx, 'client');
      const address = rest[0]!;
      return act(ctx, () => ctx.database.connect(address), MMP_DATABASE_TEXT.connected(address));
    }
    case 'remove':
      expectArgs(rest, 0, 'database cluster remove');
      return remove(ctx);
    case 'clear':
      if (rest.length !== 1 || rest[0] !== 'error') throw new MmpUsageError('database cluster clear error');
      return act(ctx, () => ctx.database.clearError(), MMP_DATABASE_TEXT.errorCleared);
    case 'upgrade_schema':
      expectArgs(rest, 0, 'database cluster upgrade_schema');
      return act(ctx, () => ctx.database.upgradeSchema(), MMP_DATABASE_TEXT.schemaUpgraded);
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
}

export const databaseCommand: MmpCommandFamily = (args, ctx) => {
  if (args[0] !== 'cluster') throw new MmpUsageError(SYNTAX.any);
  return cluster(args.slice(1), ctx);
};
