/** The plugin's gRPC server: the tfplugin6 Provider service and go-plugin's side services. */
import { GrpcServer, type TlsSettings } from './grpc-server';
import type { Logger } from './logging';
import { controllerService, healthService, stdioService } from './plugin-services';
import { SERVICE_NAMES, serviceDefinition } from './protocol';
import { createProviderRpcs, type HandlersSource } from './provider-service';

/** Terraform's own limit for schema responses is 64 MiB; terraform-plugin-go allows 256 MiB. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface PluginServerOptions {
  logger: Logger;
  /** Runs after GRPCController.Shutdown has been answered. */
  onShutdown: () => void;
  /** Mutual TLS (managed mode with AutoMTLS); plain HTTP/2 without it. */
  tls?: TlsSettings;
}

export function createPluginServer(source: HandlersSource, options: PluginServerOptions): GrpcServer {
  const { logger } = options;
  const server = new GrpcServer({
    tls: options.tls,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    // Only reached for bugs in this layer itself; RPC bodies turn errors into diagnostics.
    onInternalError: (path, err) => logger.error('internal error', { rpc: path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  });
  const provider = serviceDefinition(SERVICE_NAMES.provider);
  for (const [name, rpc] of Object.entries(createProviderRpcs(source, logger)) as [string, (req: object) => Promise<object>][]) {
    const method = provider[name];
    if (!method) throw new Error(`${SERVICE_NAMES.provider} has no method ${name}`);
    server.addUnary(method, rpc);
  }
  const controller = serviceDefinition(SERVICE_NAMES.controller);
  server.addUnary(controller.Shutdown!, controllerService(logger, options.onShutdown).Shutdown);
  server.addServerStream(serviceDefinition(SERVICE_NAMES.stdio).StreamStdio!, stdioService().StreamStdio);
  const health = serviceDefinition(SERVICE_NAMES.health);
  const healthImpl = healthService();
  server.addUnary(health.Check!, healthImpl.Check);
  server.addServerStream(health.Watch!, healthImpl.Watch);
  return server;
}
