/**
 * The provider served inside the current process, for tests: Terraform attaches to it through
 * TF_REATTACH_PROVIDERS (no TLS, no handshake, no process per command), so acceptance tests run
 * fast and can inspect the handlers directly.
 */
import { reattachConfig, type ListenAddress } from './handshake';
import { bindPluginListener } from './listener';
import { silentLogger, type Logger } from './logging';
import type { HandlersSource } from './provider-service';
import { createPluginServer } from './server';

export interface InProcessProvider {
  /** The TF_REATTACH_PROVIDERS value (JSON) for registry.terraform.io/cms-iac/cms. */
  readonly reattachConfig: string;
  readonly listen: ListenAddress;
  /** Stops the server and removes its socket. */
  stop(): Promise<void>;
}

export interface InProcessOptions {
  logger?: Logger;
  /** Provider source address to attach as (default registry.terraform.io/cms-iac/cms). */
  source?: string;
}

export async function serveInProcess(handlers: HandlersSource, options: InProcessOptions = {}): Promise<InProcessProvider> {
  const logger = options.logger ?? silentLogger;
  // Terraform does not call Shutdown on reattached providers ("Test": true); if anything does,
  // it must not end the test process.
  const plugin = createPluginServer(handlers, { logger, onShutdown: () => logger.debug('Shutdown ignored in-process') });
  const listener = await bindPluginListener(plugin);
  let stopped: Promise<void> | undefined;
  return {
    reattachConfig: reattachConfig(listener.listen, process.pid, options.source),
    listen: listener.listen,
    stop: () =>
      (stopped ??= (async () => {
        plugin.endStreams();
        await plugin.close(1000);
        listener.cleanup();
      })()),
  };
}
