/**
 * Compiles provider/proto/*.proto into the JSON descriptor the provider loads at run time
 * (provider/src/plugin/generated/protocol-descriptor.json), so that no .proto is parsed while
 * Terraform waits for the handshake.
 *
 *   node scripts/run-ts.js scripts/generate-protocol-descriptor.ts           # write if changed
 *   node scripts/run-ts.js scripts/generate-protocol-descriptor.ts --check   # exit 1 if stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

const ROOT = path.resolve(__dirname, '..');
export const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'].map((f) => path.join(ROOT, 'provider/proto', f));
export const DESCRIPTOR_PATH = path.join(ROOT, 'provider/src/plugin/generated/protocol-descriptor.json');

/** The descriptor text: protobufjs's JSON form of every message and service, keeping snake_case. */
export function renderProtocolDescriptor(): string {
  const root = new protobuf.Root();
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  const descriptor = {
    '//': 'GENERATED from provider/proto/*.proto by scripts/generate-protocol-descriptor.ts; do not edit.',
    ...root.toJSON(),
  };
  return JSON.stringify(descriptor, null, 1) + '\n';
}

/** Writes the descriptor if it changed; returns whether it was (or, with check, would be) rewritten. */
export function generateProtocolDescriptor(options: { check?: boolean } = {}): boolean {
  const text = renderProtocolDescriptor();
  const current = fs.existsSync(DESCRIPTOR_PATH) ? fs.readFileSync(DESCRIPTOR_PATH, 'utf8') : '';
  if (current === text) return false;
  if (!options.check) {
    fs.mkdirSync(path.dirname(DESCRIPTOR_PATH), { recursive: true });
    fs.writeFileSync(DESCRIPTOR_PATH, text);
  }
  return true;
}

export function main(args: string[]): number {
  const check = args.includes('--check');
  const changed = generateProtocolDescriptor({ check });
  const rel = path.relative(ROOT, DESCRIPTOR_PATH);
  if (check && changed) {
    process.stderr.write(`${rel} is stale: run node scripts/run-ts.js scripts/generate-protocol-descriptor.ts\n`);
    return 1;
  }
  process.stdout.write(`${rel} ${changed && !check ? 'written' : 'up to date'}\n`);
  return 0;
}
