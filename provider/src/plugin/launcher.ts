/**
 * The provider's launcher: runs the bundle next to it (provider.js), with V8's code cache
 * (provider.js.cache) when there is one, which saves compiling ~450 kB of JavaScript on every
 * start. Built by esbuild as its own small file (scripts/provider-package.ts); it must not import
 * anything but Node built-ins.
 *
 * The cache is written once, by the repository's development install (CMS_PROVIDER_WRITE_CODE_CACHE=1
 * runs the provider to its handshake line, saves the cache and exits), never while Terraform runs
 * it: the directory may be a package whose files Terraform hashes. The release has no cache (V8
 * writes different bytes on every build, and a release must be reproducible), so there the
 * bundle is simply required, which lets Node 22's NODE_COMPILE_CACHE cache it instead. A stale
 * cache (another Node version) only costs the compile time it would have saved.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { BUNDLE_FILE, CODE_CACHE_FILE, WRITE_CODE_CACHE_ENV } from './launcher-layout';

interface NodeModule {
  exports: unknown;
  filename: string;
  paths: string[];
  require(id: string): unknown;
}
type ModuleStatics = {
  new (id: string, parent?: unknown): NodeModule;
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};

// Terraform handles Ctrl-C itself (StopProvider); a provider killed by the terminal's SIGINT
// while still starting would leave Terraform with no handshake. Ignore it from the first line.
process.on('SIGINT', () => undefined);

function launch(): void {
  const bundle = path.join(__dirname, BUNDLE_FILE);
  const cacheFile = path.join(__dirname, CODE_CACHE_FILE);
  const writeCache = process.env[WRITE_CODE_CACHE_ENV] === '1';
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  if (!cachedData && !writeCache) {
    require(bundle);
    return;
  }
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  const statics = Module as unknown as ModuleStatics;
  const script = new vm.Script(statics.wrap(source), { filename: bundle, cachedData });
  if (writeCache) writeCacheAtHandshake(script, cacheFile);

  const mod = new statics(bundle, module);
  mod.filename = bundle;
  mod.paths = statics._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as (exports: unknown, require: (id: string) => unknown, module: NodeModule, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, (id) => mod.require(id), mod, bundle, path.dirname(bundle));
}

/** After the handshake the start-up path has been compiled; that is what the cache should hold. */
function writeCacheAtHandshake(script: vm.Script, cacheFile: string): void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
    write(chunk);
    process.exit(0);
  }) as typeof process.stdout.write;
}

launch();
