/**
 * npm run release [-- --out <dir>] [-- --version]
 *
 * Builds the provider release into dist/release (see scripts/release/build.ts for the layout):
 * one zip per platform, SHA256SUMS and the manifest, laid out as a provider mirror that Terraform
 * reads as a filesystem_mirror (the folder) or a network_mirror (the folder served over HTTPS).
 * The same commit gives the same bytes on any machine.
 */
import * as path from 'node:path';
import { PROVIDER_VERSION } from '../provider/src/version';
import { buildRelease, DEFAULT_RELEASE_DIR } from './release/build';

export async function main(args: string[]): Promise<number> {
  if (args.includes('--version')) {
    process.stdout.write(`terraform-provider-cms ${PROVIDER_VERSION}\n`);
    return 0;
  }
  const i = args.indexOf('--out');
  const outDir = path.resolve(i >= 0 && args[i + 1] ? args[i + 1]! : DEFAULT_RELEASE_DIR);
  let release;
  try {
    release = await buildRelease({ outDir });
  } catch (err) {
    process.stderr.write(`npm run release: ${(err as Error).message}\n`);
    return 1;
  }
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
  const lines = [
    `terraform-provider-cms ${release.version} -> ${rel(release.packageDir)}/`,
    ...release.sha256sums.trimEnd().split('\n').map((l) => `  ${l}`),
    '',
    `h1 (every platform): ${release.archives[0]!.h1}`,
    '',
    `A filesystem mirror:  provider_installation { filesystem_mirror { path = "${release.dir}" } }`,
    `A network mirror:     serve ${rel(release.dir)}/ over HTTPS, provider_installation { network_mirror { url = "https://<host>/<path>/" } }`,
    'Lock every platform:  terraform providers lock -fs-mirror=<mirror path> (or -net-mirror=<url>) \\',
    '                        -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}
