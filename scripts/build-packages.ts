/**
 * `npm run build` (run by `npm ci`): builds the npm packages users install, each in its own
 * workspace folder, into that folder's dist/.
 *
 *   simulator/          @cms-iac/simulator  simulator/src compiled (JS + .d.ts); bin/cms-simulator runs dist/cli.js
 *   constructs/cdktf/   @cms-iac/cdktf      constructs/src (L2) + constructs/generated (L1), compiled against cdktf
 *   constructs/cdktn/   @cms-iac/cdktn      the same L2 sources + constructs/generated-cdktn, compiled against cdktn
 *   cli/                @cms-iac/cli        cli/src and the provider code it uses, bundled by esbuild with its
 *                                           dependencies into dist/cms-iac.js (their licences in
 *                                           dist/THIRD_PARTY_NOTICES.txt); bin/cms-iac runs it
 *
 * Libraries (the constructs, the simulator) are compiled file by file with declarations; a
 * command whose code lives partly outside its folder (the CLI uses provider/src) is bundled.
 *
 * One set of L2 sources serves both CDK flavours. They import the core classes from 'cdktf' and
 * the L1 bindings through relative paths ('../generated/...'). The cdktn build copies them into a
 * staging folder beside the cdktn bindings, with every 'cdktf' module specifier changed to
 * 'cdktn', and type-checks and compiles that: the two packages' L2 code differs only in that name.
 *
 * Every package also receives the repository's LICENSE, and its version must be the provider's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';
import { PROVIDER_VERSION } from '../provider/src/version';
import { thirdPartyNotices } from './release/notices';

export const ROOT = path.resolve(__dirname, '..');

/** How each workspace is built; every workspace in package.json must have an entry. */
export const PACKAGES: Record<string, (dir: string) => void | Promise<void>> = {
  simulator: (dir) => compile({ rootDir: path.join(ROOT, 'simulator/src'), include: ['simulator/src'], outDir: path.join(dir, 'dist') }),
  'constructs/cdktf': (dir) =>
    compile({ rootDir: path.join(ROOT, 'constructs'), include: ['constructs/src', 'constructs/generated'], outDir: path.join(dir, 'dist') }),
  'constructs/cdktn': (dir) => {
    const stage = stageCdktn();
    compile({ rootDir: stage, include: [path.relative(ROOT, stage)], outDir: path.join(dir, 'dist') });
  },
  cli: (dir) => bundle({ entry: 'cli/src/main.ts', outfile: path.join(dir, 'dist/cms-iac.js'), command: 'cms-iac' }),
};

/** The workspace folders listed in the root package.json. */
export function workspaces(): string[] {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
}

interface CompileOptions {
  rootDir: string;
  /** Folders (relative to the root) whose .ts files are compiled. */
  include: string[];
  outDir: string;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Type-checks and compiles to CommonJS with declarations; any diagnostic fails the build. */
function compile(options: CompileOptions): void {
  fs.rmSync(options.outDir, { recursive: true, force: true });
  const rootNames = options.include.flatMap((d) => tsFiles(path.resolve(ROOT, d)));
  const program = ts.createProgram(rootNames, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    noFallthroughCasesInSwitch: true,
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    declaration: true,
    sourceMap: false,
    rootDir: options.rootDir,
    outDir: options.outDir,
    newLine: ts.NewLineKind.LineFeed,
  });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`compiling ${path.relative(ROOT, options.outDir)}:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
}

interface BundleOptions {
  /** The entry point, relative to the root. */
  entry: string;
  outfile: string;
  /** The command's name, for the notices' header. */
  command: string;
}

/** One CommonJS file with every dependency inlined, and the notices of the npm packages it holds. */
async function bundle(options: BundleOptions): Promise<void> {
  fs.rmSync(path.dirname(options.outfile), { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, options.entry)],
    outfile: options.outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    metafile: true,
    // ssh2's optional native add-ons (.node files) cannot be bundled; without them it uses node:crypto.
    external: ['*.node'],
    logLevel: 'warning',
  });
  const header = `${options.command} bundles the following npm packages (${path.basename(options.outfile)}).`;
  fs.writeFileSync(path.join(path.dirname(options.outfile), 'THIRD_PARTY_NOTICES.txt'), thirdPartyNotices(ROOT, Object.keys(result.metafile.inputs), header));
}

/** 'cdktf' as a module specifier (import/export ... from, import(), require()). */
const CDKTF_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])cdktf(\/[^'"]*)?\2/gm;

/** The L2 sources with 'cdktf' as 'cdktn', beside the cdktn L1 bindings, inside the repository (so modules resolve). */
function stageCdktn(): string {
  const stage = path.join(ROOT, 'node_modules/.cache/cms-iac-build/cdktn');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'constructs/generated-cdktn'), path.join(stage, 'generated'), { recursive: true });
  const l2 = path.join(ROOT, 'constructs/src');
  for (const file of tsFiles(l2)) {
    const target = path.join(stage, 'src', path.relative(l2, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, toCdktn(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file)));
  }
  return stage;
}

/** Rewrites the 'cdktf' module specifiers of one L2 source; a deep import (cdktf/lib/...) has no cdktn equivalent and is refused. */
export function toCdktn(source: string, name: string): string {
  return source.replace(CDKTF_SPECIFIER, (_match, lead: string, quote: string, deep: string | undefined) => {
    if (deep) throw new Error(`${name}: import from 'cdktf${deep}': the L2 sources may import only 'cdktf' itself (it is 'cdktn' in the CDK Terrain build)`);
    return `${lead}${quote}cdktn${quote}`;
  });
}

function checkMetadata(dir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.version !== PROVIDER_VERSION) {
    throw new Error(`${dir}/package.json: ${pkg.name} is version ${pkg.version}; every package is released with the provider's version, ${PROVIDER_VERSION} (provider/src/version.ts)`);
  }
}

/** Builds the named workspaces (default: all). */
export async function buildPackages(only?: string[], options: { quiet?: boolean } = {}): Promise<void> {
  const all = workspaces();
  for (const dir of all) if (!PACKAGES[dir]) throw new Error(`workspace ${dir} has no build recipe in scripts/build-packages.ts`);
  for (const dir of only ?? all) {
    const build = PACKAGES[dir];
    if (!build) throw new Error(`${dir} is not a workspace (${all.join(', ')})`);
    checkMetadata(dir);
    const started = Date.now();
    await build(path.join(ROOT, dir));
    fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(ROOT, dir, 'LICENSE'));
    if (!options.quiet) process.stdout.write(`built ${dir} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }
}

export async function main(args: string[]): Promise<void> {
  await buildPackages(args.length ? args : undefined);
}
