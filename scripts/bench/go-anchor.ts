/**
 * The Go anchor: the same plan measurement for a provider written in Go, when one is on this
 * machine (nothing is downloaded). The AWS provider's `aws_iam_policy_document` data source is
 * pure computation, so its per-object CPU is what a Go provider costs without any network call.
 *
 * Found in, in order: --go-anchor <binary>, TF_PLUGIN_CACHE_DIR, ~/.terraform.d/plugin-cache,
 * ~/.terraform.d/plugins, and the XDG plugin directories. Its CPU and memory come from GNU time
 * (`/usr/bin/time`), which runs it: a Go binary cannot load a measuring hook the way Node can.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface GoAnchor {
  binary: string;
  version: string;
}

const GNU_TIME = '/usr/bin/time';

function candidateRoots(env: NodeJS.ProcessEnv): string[] {
  const home = os.homedir();
  const roots = [
    env.TF_PLUGIN_CACHE_DIR,
    path.join(home, '.terraform.d', 'plugin-cache'),
    path.join(home, '.terraform.d', 'plugins'),
    path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  return roots.filter((r): r is string => Boolean(r));
}

/** The AWS provider binary to use, or why there is none. */
export function findGoAnchor(explicit: string | undefined, platform: string, env: NodeJS.ProcessEnv = process.env): GoAnchor | string {
  const gnuTime = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  if (gnuTime.status !== 0 || !`${gnuTime.stdout}${gnuTime.stderr}`.includes('GNU')) return `${GNU_TIME} (GNU time) is not available to measure it`;
  if (explicit) {
    if (!fs.existsSync(explicit)) return `${explicit} does not exist`;
    const version = /_v?(\d+\.\d+\.\d+)/.exec(path.basename(explicit))?.[1] ?? '0.0.0';
    return { binary: path.resolve(explicit), version };
  }
  for (const root of candidateRoots(env)) {
    const awsDir = path.join(root, 'registry.terraform.io', 'hashicorp', 'aws');
    if (!fs.existsSync(awsDir)) continue;
    for (const version of fs.readdirSync(awsDir).sort().reverse()) {
      const dir = path.join(awsDir, version, platform);
      const binary = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith('terraform-provider-aws')) : undefined;
      if (binary) return { binary: path.join(dir, binary), version };
    }
  }
  return `no hashicorp/aws provider in ${candidateRoots(env).join(', ')} (pass --go-anchor <terraform-provider-aws binary>)`;
}

/**
 * A filesystem mirror holding a wrapper that runs the binary under GNU time, which appends
 * "user system maxRSS" to $CMS_BENCH_GO_STATS when the provider exits.
 */
export function installGoAnchor(anchor: GoAnchor, root: string, platform: string): { cliConfig: string } {
  const dir = path.join(root, 'go-mirror', 'registry.terraform.io', 'hashicorp', 'aws', anchor.version, platform);
  fs.mkdirSync(dir, { recursive: true });
  const wrapper = path.join(dir, `terraform-provider-aws_v${anchor.version}_x5`);
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${GNU_TIME} -a -o "$CMS_BENCH_GO_STATS" -f '%U %S %M' '${anchor.binary}' "$@"\n`, { mode: 0o755 });
  const cliConfig = path.join(root, 'go-anchor.tfrc');
  const mirror = JSON.stringify(path.join(root, 'go-mirror'));
  fs.writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${mirror}\n    include = ["hashicorp/aws"]\n  }\n  direct {\n    exclude = ["hashicorp/aws"]\n  }\n}\n`,
  );
  return { cliConfig };
}

/** N policy documents, computed by the provider at plan time with no request to AWS. */
export function goAnchorConfig(n: number): string {
  return [
    'provider "aws" {',
    '  region                      = "us-east-1"',
    '  access_key                  = "bench"',
    '  secret_key                  = "bench"',
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
    '  skip_region_validation      = true',
    '}',
    '',
    'data "aws_iam_policy_document" "relay" {',
    `  count = ${n}`,
    '  statement {',
    '    actions   = ["s3:GetObject"]',
    '    resources = ["arn:aws:s3:::relay-${count.index}/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** CPU (ms) and peak memory (KiB) of every anchor process in the stats file, which is removed. */
export function readGoStats(file: string): { cpuMs: number; maxRssKiB: number; processes: number } {
  if (!fs.existsSync(file)) return { cpuMs: 0, maxRssKiB: 0, processes: 0 };
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((r) => r.length === 3 && r.every(Number.isFinite));
  fs.rmSync(file);
  return {
    cpuMs: rows.reduce((s, [u, sys]) => s + (u + sys) * 1000, 0),
    maxRssKiB: Math.max(0, ...rows.map((r) => r[2])),
    processes: rows.length,
  };
}
