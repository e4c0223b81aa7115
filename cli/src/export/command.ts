/**
 * `cms-iac export`: connect (read-only), read the whole server, build what to write, write it
 * in the chosen format, and say what was found, what was left out and what to run next.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CtyObject } from '../../../provider/src/plugin/types';
import { resolveSettings } from '../../../provider/src/config/provider-config';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';
import { buildPlan } from './build';
import { writeHcl } from './hcl';
import { InventoryReader } from './inventory';
import type { ExportPlan } from './model';
import type { ExportOptions, NodeOption } from './options';
import { ExportUsageError, parseNode } from './options';
import { LineProgress, SILENT } from './progress';
import type { ExportNode, RequestCounts } from './server';
import { ServerReader } from './server';
import { manifest, nextSteps, summaryLines } from './summary';

export interface ExportIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface ExportResult {
  plan: ExportPlan;
  dir: string;
  files: string[];
  requests: RequestCounts;
  totalRequests: number;
  durationMs: number;
}

/** The nodes: from the options, else CMS_MMP_NODES (which may carry each node's url too). */
function nodeOptions(options: ExportOptions, env: NodeJS.ProcessEnv): NodeOption[] {
  if (options.nodes) return options.nodes;
  if (!env.CMS_MMP_NODES) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.CMS_MMP_NODES);
  } catch (err) {
    throw new ExportUsageError(`CMS_MMP_NODES is not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new ExportUsageError('CMS_MMP_NODES must be a JSON list of {"name", "address", "port", "host_key_fingerprint", "url"} objects');
  return parsed.map((n) => parseNode(JSON.stringify(n)));
}

function prepareDirectory(dir: string, force: boolean): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new ExportUsageError(`--out ${dir} is a file, not a directory`);
    const present = fs.readdirSync(dir).filter((f) => !f.startsWith('.'));
    if (present.length && !force) throw new ExportUsageError(`--out ${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}); choose an empty directory, or add --force to replace files of the same name`);
  }
  fs.mkdirSync(dir, { recursive: true });
}

export async function runExport(options: ExportOptions, env: NodeJS.ProcessEnv, io: ExportIo): Promise<ExportResult> {
  const started = Date.now();
  const nodes = nodeOptions(options, env);
  const config: CtyObject = {
    url: options.url ?? null,
    mmp_node: nodes.map((n) => ({ name: n.name ?? null, address: n.address ?? null, port: n.port ?? null, host_key_fingerprint: n.host_key_fingerprint ?? null, username: n.username ?? null, password: null })),
  };
  const { settings, diagnostics } = resolveSettings(config, env);
  if (!settings) throw new ExportUsageError(diagnostics.map((d) => d.detail ?? d.summary).join('\n'));
  const exportNodes: ExportNode[] = settings.mmpNodes.map((n) => {
    const url = nodes.find((o) => o.name === n.name)?.url;
    return { ...n, ...(url ? { url } : {}) };
  });
  const dir = path.resolve(options.out);
  prepareDirectory(dir, options.force);

  const server = new ServerReader(settings, exportNodes);
  try {
    const progress = options.quiet ? SILENT : new LineProgress((line) => io.err(line));
    try {
      const status = await server.api.get('/system/status');
      progress.note(`Reading ${settings.url}${status.values.softwareVersion ? ` (Meeting Server ${status.values.softwareVersion})` : ''}${exportNodes.length ? `, MMP of ${exportNodes.map((n) => n.name).join(', ')}` : ''}: read-only`);
    } catch (err) {
      throw new Error(`Cannot read the Meeting Server at ${settings.url}: ${(err as Error).message}`);
    }
    const inventory = await new InventoryReader(server, progress).read(RESOURCE_DEFINITIONS);
    const fingerprints: Record<string, string> = {};
    for (const n of exportNodes) {
      const seen = server.hostKeyFingerprint(n.name);
      if (seen) fingerprints[n.name] = seen;
    }
    const plan = buildPlan({ inventory, types: [...RESOURCE_DEFINITIONS], url: settings.url, nodes: exportNodes, fingerprints });

    // The CDKTF writer loads the construct library (and cdktf), which the HCL export does not need.
    const stack = (options.stack ?? path.basename(dir)).replace(/[^A-Za-z0-9_-]+/g, '-') || 'cms-export';
    const files = options.format === 'cdktf' ? (require('./cdktf/app') as typeof import('./cdktf/app')).writeCdktfApp(plan, dir, { stack }) : writeHcl(plan, dir);
    const stackDir = options.format === 'cdktf' ? `cdktf.out/stacks/${stack}` : '.';
    const summary = summaryLines(plan);
    const relative = path.relative(process.cwd(), dir);
    const next = nextSteps(plan, options.format, relative === '' ? '.' : relative.startsWith('..') ? dir : relative, stackDir);
    fs.writeFileSync(path.join(dir, 'README.md'), readme(plan, summary, nextSteps(plan, options.format, '.', stackDir)));
    fs.writeFileSync(path.join(dir, 'cms-export.json'), `${JSON.stringify(manifest(plan, options.format), null, 2)}\n`);
    files.push('README.md', 'cms-export.json');

    const durationMs = Date.now() - started;
    const rest = Object.entries(server.counts.rest).map(([m, n]) => `${n} ${m}`).join(', ') || 'none';
    const mmp = Object.values(server.counts.mmp).reduce((a, b) => a + b, 0);
    io.out(`Exported ${plan.resources.filter((r) => r.refused.length === 0).length} objects to ${dir} (${options.format}) in ${(durationMs / 1000).toFixed(1)} s: ${server.totalRequests} requests (REST: ${rest}; MMP status commands: ${mmp}).`);
    io.out('');
    for (const line of summary) io.out(line);
    io.out('');
    for (const line of next) io.out(line);
    return { plan, dir, files, requests: server.counts, totalRequests: server.totalRequests, durationMs };
  } finally {
    await server.close();
  }
}

function readme(plan: ExportPlan, summary: string[], next: string[]): string {
  return [
    '# Exported Meeting Server configuration',
    '',
    `Written by \`cms-iac export\` from ${plan.url}${plan.nodes.length ? ` (MMP: ${plan.nodes.map((n) => n.name).join(', ')})` : ''}.`,
    'The first plan imports every object below and changes nothing on the server.',
    '',
    '```text',
    ...summary,
    '```',
    '',
    '```text',
    ...next,
    '```',
    '',
  ].join('\n');
}
