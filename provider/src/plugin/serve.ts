/**
 * The provider process's entry point: `serve(handlers)` from provider/src/main.ts.
 *
 * Managed mode (launched by Terraform): check the magic cookie and protocol version, start the
 * gRPC server (with mutual TLS exactly when PLUGIN_CLIENT_CERT is set), print the handshake line
 * as the first stdout line, then serve until GRPCController.Shutdown. SIGINT is ignored, as in
 * go-plugin: on Ctrl-C Terraform calls StopProvider and lets running operations finish.
 *
 * Debug mode (`--debug`): no cookie, no TLS; prints the TF_REATTACH_PROVIDERS value and serves
 * until interrupted, so any number of Terraform commands can use the one process.
 */
import { setFlagsFromString } from 'node:v8';
import { PROVIDER_VERSION } from '../version';
import { handshakeLine, hasMagicCookie, negotiateProtocolVersion, NOT_LAUNCHED_BY_TERRAFORM_MESSAGE, reattachConfig } from './handshake';
import { bindPluginListener, type BoundListener } from './listener';
import { createLogger, logLevelFromEnv, type Logger } from './logging';
import type { HandlersSource } from './provider-service';
import type { GrpcServer } from './grpc-server';
import { createPluginServer } from './server';
import { processStats } from './stats';
import { generateServerCertificate } from './tls/certificate';

export interface ServeOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** How long a graceful stop may take before connections are cut. */
const SHUTDOWN_GRACE_MS = 500;
/** How often to check that Terraform is still there (an orphaned provider exits). */
const PARENT_CHECK_MS = 2000;

export async function serve(handlers: HandlersSource, options: ServeOptions = {}): Promise<void> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  if (argv.includes('--version')) {
    process.stdout.write(`terraform-provider-cms ${PROVIDER_VERSION}\n`);
    return;
  }
  if (argv.includes('--debug')) {
    const level = env.TF_LOG_PROVIDER || env.TF_LOG ? logLevelFromEnv(env) : 'debug';
    return serveDebug(handlers, options.logger ?? createLogger({ level, json: false }));
  }
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_LAUNCHED_BY_TERRAFORM_MESSAGE);
    process.exit(1);
  }
  const negotiated = negotiateProtocolVersion(env);
  if (!negotiated.ok) {
    process.stderr.write(negotiated.message);
    process.exit(1);
  }
  try {
    await serveManaged(handlers, env, options.logger ?? createLogger({ level: logLevelFromEnv(env) }));
  } catch (err) {
    // Before the handshake nothing but stderr reaches the user (Terraform prints it on failure).
    process.stderr.write(`terraform-provider-cms could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

async function serveManaged(handlers: HandlersSource, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  process.on('SIGINT', () => logger.debug('SIGINT ignored; Terraform stops the provider through StopProvider'));

  const clientCertPem = env.PLUGIN_CLIENT_CERT;
  const serverCert = clientCertPem ? generateServerCertificate() : undefined;
  // Only a client presenting Terraform's certificate is served, as go-plugin does.
  const tls = clientCertPem && serverCert ? { certPem: serverCert.certPem, keyPem: serverCert.keyPem, clientCertPem } : undefined;

  let plugin: GrpcServer | undefined;
  let listener: BoundListener | undefined;
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    plugin?.endStreams();
    const done = (): void => {
      listener?.cleanup();
      process.exit(code);
    };
    // A last guard: close() itself cuts connections after the grace period.
    setTimeout(done, SHUTDOWN_GRACE_MS * 2);
    plugin ? void plugin.close(SHUTDOWN_GRACE_MS).then(done) : done();
  };

  plugin = createPluginServer(handlers, { logger, onShutdown: () => exit(0), tls });
  listener = await bindPluginListener(plugin, env);
  process.on('exit', () => listener?.cleanup());
  process.on('SIGTERM', () => exit(0));
  watchParent(() => {
    logger.warn('parent process went away; exiting');
    exit(1);
  });

  process.stdout.write(handshakeLine(listener.listen, serverCert?.der));
  processStats?.handshake();
  tuneV8();
  logger.debug('plugin server started', { network: listener.listen.network, address: listener.listen.address, tls: Boolean(serverCert) });
}

async function serveDebug(handlers: HandlersSource, logger: Logger): Promise<void> {
  const plugin = createPluginServer(handlers, { logger, onShutdown: () => logger.debug('Shutdown ignored in debug mode') });
  const listener = await bindPluginListener(plugin);
  const stop = (): void => {
    plugin.endStreams();
    void plugin.close(0).then(() => {
      listener.cleanup();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', () => listener.cleanup());
  process.stdout.write(
    'Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n' +
      `\tTF_REATTACH_PROVIDERS='${reattachConfig(listener.listen)}'\n\n` +
      'Stop it with Ctrl-C.\n',
  );
}

/**
 * V8 settings for the rest of the process's life, read by V8 when it needs them (so they apply
 * although the process has started):
 * - the young generation keeps the size start-up gave it instead of doubling up to 32 MiB under a
 *   plan's steady stream of short-lived request objects: almost none survive, so a larger one
 *   only holds garbage longer (it set most of the peak memory at 1,000 objects), and collecting
 *   a small one costs little;
 * - after a full collection the old generation may grow by half its live size before the next
 *   one, not by V8's speed-based factor (up to 4x), which let garbage promoted by a plan double
 *   it; the live heap is small, so the extra collections are short;
 * - WebAssembly (the HTTP client's response parser) stays on V8's baseline compiler: optimising
 *   it in the background cost about 250 ms of CPU and 30 MiB of memory in every process that
 *   talks to the server, to speed up a parser that spends microseconds per answer.
 */
function tuneV8(): void {
  for (const flag of ['--semi-space-growth-factor=1', '--heap-growing-percent=50', '--liftoff-only']) {
    try {
      setFlagsFromString(flag);
    } catch {
      // A Node without the flag keeps V8's default.
    }
  }
}

/** Terraform never leaves a provider running on purpose; if it died, so do we. */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, PARENT_CHECK_MS);
  timer.unref();
}
