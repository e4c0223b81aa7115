/**
 * `cms-iac doctor`: the connection checks, every collection the provider manages, each node's
 * MMP; then the report (text, or JSON with --json). Read-only throughout: the REST view can only
 * get and list, and the MMP is read through status readers.
 */
import type { CtyObject } from '../../../provider/src/plugin/types';
import { resolveSettings } from '../../../provider/src/config/provider-config';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';
import { PROVIDER_VERSION } from '../../../provider/src/version';
import type { ExportNode } from '../export/server';
import { ServerReader } from '../export/server';
import { UsageError } from '../usage-error';
import { CollectionChecker } from './collections';
import { checkServer } from './connection';
import { checkNodes } from './nodes';
import type { DoctorOptions } from './options';
import { nodesFrom } from './options';
import type { DoctorReport } from './report';
import { overall, renderText } from './report';

export interface DoctorIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function buildReport(options: DoctorOptions, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const nodes = nodesFrom(options, env);
  const config: CtyObject = {
    url: options.url ?? null,
    mmp_node: nodes.map((n) => ({ name: n.name ?? null, address: n.address ?? null, port: n.port ?? null, host_key_fingerprint: n.host_key_fingerprint ?? null, username: n.username ?? null, password: null })),
  };
  const { settings, diagnostics } = resolveSettings(config, env);
  if (!settings) throw new UsageError(diagnostics.map((d) => d.detail ?? d.summary).join('\n'));
  const doctorNodes: ExportNode[] = settings.mmpNodes.map((n) => {
    const url = nodes.find((o) => o.name === n.name)?.url;
    return { ...n, ...(url ? { url } : {}) };
  });
  // One attempt per request: a doctor says what happens, it does not retry it away.
  const server = new ServerReader({ ...settings, retries: 0 }, doctorNodes);
  try {
    const connection = await checkServer(settings, server, RESOURCE_DEFINITIONS);
    const reachable = connection.softwareVersion !== undefined;
    const collections = reachable ? await new CollectionChecker(server, connection.softwareVersion).check(RESOURCE_DEFINITIONS) : [];
    const nodeReports = await checkNodes(server, RESOURCE_DEFINITIONS);
    return {
      tool: 'cms-iac doctor',
      version: PROVIDER_VERSION,
      generatedAt: new Date().toISOString(),
      server: { url: settings.url, username: settings.username, ...(connection.softwareVersion ? { softwareVersion: connection.softwareVersion } : {}) },
      checks: connection.checks,
      collections,
      nodes: nodeReports,
      requests: server.counts,
    };
  } finally {
    await server.close();
  }
}

/** Runs the doctor and prints its report; resolves to the exit code (1 when a check failed). */
export async function runDoctor(options: DoctorOptions, env: NodeJS.ProcessEnv, io: DoctorIo): Promise<number> {
  const report = await buildReport(options, env);
  if (options.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of renderText(report)) io.out(line);
  return overall(report) === 'error' ? 1 : 0;
}
