/**
 * `npm run packages [-- --out <dir>]`: builds every workspace package (scripts/build-packages.ts)
 * and packs each with `npm pack` into one folder (default dist/packages): the tarballs users
 * install, or a registry publishes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPackages, ROOT, workspaces } from './build-packages';

export interface PackedPackage {
  /** The package name, e.g. @cms-iac/cdktf. */
  name: string;
  version: string;
  /** The workspace folder, relative to the repository root. */
  dir: string;
  /** The tarball's absolute path. */
  tarball: string;
  /** The paths inside the tarball (without the package/ prefix). */
  files: string[];
}

export const DEFAULT_PACK_DIR = path.join(ROOT, 'dist/packages');

export async function packPackages(outDir: string = DEFAULT_PACK_DIR, options: { build?: boolean; quiet?: boolean } = {}): Promise<PackedPackage[]> {
  if (options.build !== false) await buildPackages(undefined, { quiet: options.quiet });
  fs.mkdirSync(outDir, { recursive: true });
  const dirs = workspaces();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['pack', '--json', '--pack-destination', outDir, ...dirs.flatMap((d) => ['--workspace', d])], {
    cwd: ROOT,
    encoding: 'utf8',
    // The workspaces have no pack scripts; the build above is what they need.
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
  });
  if (run.status !== 0) throw new Error(`npm pack failed (exit ${run.status}):\n${run.stderr}`);
  const packed = JSON.parse(run.stdout) as Array<{ name: string; version: string; filename: string; files: Array<{ path: string }> }>;
  const dirOf = new Map(dirs.map((d) => [(JSON.parse(fs.readFileSync(path.join(ROOT, d, 'package.json'), 'utf8')) as { name: string }).name, d]));
  return packed.map((p) => ({ name: p.name, version: p.version, dir: dirOf.get(p.name)!, tarball: path.join(outDir, p.filename), files: p.files.map((f) => f.path).sort() }));
}

export async function main(args: string[]): Promise<number> {
  const i = args.indexOf('--out');
  const outDir = i >= 0 && args[i + 1] ? path.resolve(args[i + 1]!) : DEFAULT_PACK_DIR;
  for (const p of await packPackages(outDir)) process.stdout.write(`${p.name}@${p.version}  ${path.relative(process.cwd(), p.tarball)}\n`);
  return 0;
}
