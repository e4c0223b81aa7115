/**
 * Each node's MMP (SSH command line), read with the provider's MMP client and readers: the host
 * key it presents, the settings the per-node settings types manage, and database clustering. Status
 * commands only.
 */
import type { Definition } from '../../../provider/src/resources/definition';
import { isSensitive } from '../../../provider/src/resources/definition';
import { NodeSettingsOperations } from '../../../provider/src/resources/mmp/node-settings';
import type { ExportNode, ServerReader } from '../export/server';
import type { NodeReport } from './report';

/** MMP commands doctor may run: each only prints a status. */
export const MMP_STATUS_COMMANDS: readonly string[] = [
  'ntp server list', 'dns', 'webadmin', 'callbridge', 'webbridge3', 'database cluster status',
  'user rule', 'syslog', 'tls webadmin', 'tls webbridge3', 'tls sip', 'tls ldap', 'tls smtp', 'tls syslog',
];

async function checkNode(server: ServerReader, node: ExportNode, settingsDefs: readonly Definition[]): Promise<NodeReport> {
  const report: NodeReport = { name: node.name, address: node.port && node.port !== 22 ? `${node.address}:${node.port}` : node.address, status: 'ok' };
  const mmp = server.mmp(node.name);
  try {
    for (const settingsDef of settingsDefs) {
      const ops = new NodeSettingsOperations(settingsDef, (name) => server.mmp(name));
      const nodeAttribute = settingsDef.mmp?.nodeAttribute ?? 'node';
      const state = await ops.read({ id: node.name, [nodeAttribute]: node.name });
      report.settings = {
        ...report.settings,
        ...Object.fromEntries(
          Object.entries(settingsDef.attributes)
            .filter(([name, attr]) => attr.mmp && !isSensitive(attr) && name !== nodeAttribute)
            .map(([name]) => [name, state?.[name] ?? null]),
        ),
      };
    }
    const db = await mmp.databaseClusterStatus();
    report.databaseCluster = {
      status: db.statusText || db.status,
      nodes: db.nodes.map((n) => `${n.address}${n.me ? ' (this node)' : ''} ${n.text}`),
      ...(db.nodeInUse ? { nodeInUse: db.nodeInUse } : {}),
      ...(db.lastCommand ? { lastCommand: `${db.lastCommand.text} (${db.lastCommand.ok ? 'succeeded' : 'failed'})` } : {}),
    };
    if (db.status === 'error') {
      report.status = 'warning';
      report.problem = `the database cluster reports an error${db.error ? `: ${db.error}` : ''}`;
    }
  } catch (err) {
    report.status = 'error';
    report.problem = (err as Error).message;
  }
  const fingerprint = mmp.hostKeyFingerprint;
  if (fingerprint) report.hostKey = { fingerprint, pinned: node.hostKeyFingerprint !== undefined && node.hostKeyFingerprint === fingerprint };
  return report;
}

export async function checkNodes(server: ServerReader, definitions: readonly Definition[]): Promise<NodeReport[]> {
  // Every per-node settings type, in the definitions' order.
  const settingsDefs = definitions.filter((d) => d.mmp?.lifecycle === 'nodeSettings');
  const reports: NodeReport[] = [];
  for (const node of server.nodes) reports.push(await checkNode(server, node, settingsDefs));
  return reports;
}
