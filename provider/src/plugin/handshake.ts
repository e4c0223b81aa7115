/**
 * go-plugin's start-up contract as Terraform uses it: the magic cookie, protocol version
 * negotiation, the handshake line (the first line on stdout) and the reattach configuration.
 */
import { PROVIDER_SOURCE } from '../version';
import { handshakeCertificateField } from './tls/certificate';

/** Terraform's handshake cookie (internal/plugin6/serve.go); OpenTofu uses the same one. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** go-plugin's own protocol version, the first handshake field. */
export const CORE_PROTOCOL_VERSION = 1;
/** tfplugin6. */
export const APP_PROTOCOL_VERSION = 6;

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

export const NOT_LAUNCHED_BY_TERRAFORM_MESSAGE = `This is terraform-provider-cms, a Terraform provider plugin. Terraform starts it itself;
it is not meant to be run by hand.

To use it, declare it in your configuration:

  terraform {
    required_providers {
      cms = { source = "cms-iac/cms" }
    }
  }

and install it with \`npm run provider:install\` (see its output for the CLI configuration).
To debug it, run it with --debug and set TF_REATTACH_PROVIDERS as it prints.
`;

export type VersionNegotiation = { ok: true; version: number } | { ok: false; message: string };

/**
 * PLUGIN_PROTOCOL_VERSIONS lists the client's versions ("5,6" from Terraform 1.x, in any order).
 * Only 6 is spoken here. An absent list means an old client that assumes the plugin's version.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): VersionNegotiation {
  const raw = env.PLUGIN_PROTOCOL_VERSIONS;
  if (raw === undefined || raw.trim() === '') return { ok: true, version: APP_PROTOCOL_VERSION };
  const offered = raw.split(',').map((v) => Number.parseInt(v.trim(), 10));
  if (offered.includes(APP_PROTOCOL_VERSION)) return { ok: true, version: APP_PROTOCOL_VERSION };
  return {
    ok: false,
    message:
      `terraform-provider-cms speaks plugin protocol ${APP_PROTOCOL_VERSION} only, but the client offered ${raw}.\n` +
      'Use Terraform 1.0 or later (or OpenTofu).\n',
  };
}

export interface ListenAddress {
  network: 'unix' | 'tcp';
  /** Socket path, or host:port. */
  address: string;
}

/** `1|6|unix|/tmp/plugin123/plugin.sock|grpc|<base64 DER, no padding>` plus a newline. */
export function handshakeLine(listen: ListenAddress, serverCertDer?: Buffer): string {
  const cert = serverCertDer ? handshakeCertificateField(serverCertDer) : '';
  return [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, listen.network, listen.address, 'grpc', cert].join('|') + '\n';
}

/**
 * The TF_REATTACH_PROVIDERS value for a provider that is already running. "Test": true stops
 * Terraform from shutting it down or killing it when a command ends.
 */
export function reattachConfig(listen: ListenAddress, pid: number = process.pid, source: string = PROVIDER_SOURCE): string {
  return JSON.stringify({
    [source]: {
      Protocol: 'grpc',
      ProtocolVersion: APP_PROTOCOL_VERSION,
      Pid: pid,
      Test: true,
      Addr: { Network: listen.network, String: listen.address },
    },
  });
}
