/** The gRPC server with the tfplugin6 Provider service and go-plugin's side services. */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from './logging';
import { controllerService, healthService, OpenStreams, stdioService } from './plugin-services';
import { SERVICE_NAMES, serviceDefinition } from './protocol';
import { createProviderRpcs, type HandlersSource, type ProviderRpcs } from './provider-service';

/** Terraform's own limit for schema responses is 64 MiB; terraform-plugin-go allows 256 MiB. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  // channelz would load @grpc/proto-loader on demand and is of no use to a provider.
  'grpc.enable_channelz': 0,
};

export interface PluginServerOptions {
  logger: Logger;
  /** Runs after GRPCController.Shutdown has been answered. */
  onShutdown: () => void;
}

export interface PluginServer {
  readonly grpcServer: grpc.Server;
  /** Ends the open stdio and health-watch streams, which would otherwise hold a graceful shutdown. */
  endStreams(): void;
}

export function createPluginServer(source: HandlersSource, options: PluginServerOptions): PluginServer {
  const server = new grpc.Server(SERVER_OPTIONS);
  const streams = new OpenStreams();
  server.addService(serviceDefinition(SERVICE_NAMES.provider), grpcImplementation(createProviderRpcs(source, options.logger), options.logger));
  server.addService(serviceDefinition(SERVICE_NAMES.controller), controllerService(options.logger, options.onShutdown));
  server.addService(serviceDefinition(SERVICE_NAMES.stdio), stdioService(streams));
  server.addService(serviceDefinition(SERVICE_NAMES.health), healthService(streams));
  return { grpcServer: server, endStreams: () => streams.endAll() };
}

/** Adapts promise-returning RPCs to grpc-js unary handlers. */
function grpcImplementation(rpcs: ProviderRpcs, logger: Logger): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [name, rpc] of Object.entries(rpcs) as [string, (req: object) => Promise<object>][]) {
    impl[name] = (call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
      rpc(call.request).then(
        (res) => callback(null, res),
        // Only reached for bugs in this layer itself; RPC bodies turn errors into diagnostics.
        (err: unknown) => {
          logger.error('internal error', { rpc: name, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        },
      );
    };
  }
  return impl;
}

/** bindAsync as a promise. */
export function bindServer(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port))));
}
