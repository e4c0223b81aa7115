/**
 * THIRD_PARTY_NOTICES.txt for the release: the name, version, licence and licence text of every
 * npm package the bundle contains, found from the files esbuild bundled. The bundle carries their
 * code, so it carries their notices too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface PackageJson {
  name?: string;
  version?: string;
  license?: string;
  /** The older form: [{ type: 'MIT', url }]. */
  licenses?: Array<{ type?: string }>;
}

/** The package directory (relative, ending in node_modules/<name>) of a bundled file, if any. */
function packageDirOf(input: string): string | undefined {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
  return m?.[1];
}

export function thirdPartyNotices(root: string, inputs: string[], header = 'terraform-provider-cms bundles the following npm packages (provider.js).'): string {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((d): d is string => Boolean(d)))];
  const packages = dirs.map((dir) => {
    const abs = path.join(root, dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8')) as PackageJson;
    const licenseFile = fs
      .readdirSync(abs)
      .filter((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f))
      .sort()[0];
    const text = licenseFile ? fs.readFileSync(path.join(abs, licenseFile), 'utf8').trim() : `(no licence file in the package; package.json says ${pkg.license ?? 'nothing'})`;
    const license = pkg.license ?? (pkg.licenses?.map((l) => l.type).join(' OR ') || 'unknown');
    return { id: `${pkg.name}@${pkg.version}`, license, text };
  });
  const unique = [...new Map(packages.map((p) => [p.id, p])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return [`${header}\n`, ...unique.map((p) => `${'-'.repeat(72)}\n${p.id} (${p.license})\n\n${p.text.replace(/\r\n/g, '\n')}\n`)].join('\n');
}
