/**
 * npm run provider:install [-- --user] [-- --self-contained] [-- --entry <file.ts>]
 *
 * Regenerates the protocol descriptor if the .proto files changed, bundles the provider
 * (provider/src/main.ts) with esbuild and installs it where Terraform finds it:
 * - default: a filesystem mirror under .terraform-provider/, plus a CLI config to point
 *   TF_CLI_CONFIG_FILE at;
 * - --user: ~/.terraform.d/plugins, which Terraform searches when the CLI config has no
 *   provider_installation block.
 * See scripts/provider-package.ts for the lock-file trade-off of --self-contained.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../provider/src/version';
import { generateProtocolDescriptor } from './generate-protocol-descriptor';
import { buildProvider, DEFAULT_ENTRY, DEFAULT_OUT_DIR, installProvider, ROOT, terraformPlatform, writeCliConfig } from './provider-package';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<number> {
  const user = args.includes('--user');
  const selfContained = args.includes('--self-contained');
  const entry = path.resolve(option(args, '--entry') ?? DEFAULT_ENTRY);
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';

  if (!fs.existsSync(entry)) {
    process.stderr.write(
      `${path.relative(ROOT, entry)} does not exist. It is the provider's entry point: it calls serve(handlers) from provider/src/plugin.\n` +
        'To try the plugin layer alone: npm run provider:install -- --entry test/protocol/fixtures/toy-main.ts\n',
    );
    return 1;
  }
  if (generateProtocolDescriptor()) process.stdout.write('Regenerated the protocol descriptor from provider/proto.\n');
  const built = await buildProvider({ entry });
  const installed = installProvider({ built, user, selfContained });

  const lines = [
    `Built ${path.relative(ROOT, entry)} -> ${rel(built.dir)} (launcher, bundle${built.codeCache ? ', code cache' : ''})`,
    `Installed ${PROVIDER_SOURCE} ${PROVIDER_VERSION} (${terraformPlatform()}) -> ${installed.executable}`,
    selfContained
      ? 'The package contains the bundle itself: after each reinstall run `terraform init -upgrade` (the lock-file hash changes).'
      : 'The package is a wrapper that runs the build above: rebuilding keeps the lock-file hash, no re-init needed.',
    '',
  ];
  if (user) {
    lines.push(
      'Terraform finds it in ~/.terraform.d/plugins as long as your CLI configuration has no',
      'provider_installation block. Then, in your configuration:',
    );
  } else {
    const cliConfigFile = writeCliConfig(path.join(DEFAULT_OUT_DIR, 'terraform.tfrc'), installed.mirrorDir);
    lines.push('To use it, point Terraform at the generated CLI configuration:', '', `  export TF_CLI_CONFIG_FILE=${cliConfigFile}`, '', 'and declare the provider:');
  }
  lines.push(
    '',
    '  terraform {',
    '    required_providers {',
    `      cms = { source = "cms-iac/cms", version = "${PROVIDER_VERSION}" }`,
    '    }',
    '  }',
    '',
    'then run `terraform init`.',
    '',
  );
  process.stdout.write(lines.join('\n'));
  return 0;
}
