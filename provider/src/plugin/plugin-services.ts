/**
 * The go-plugin side services every plugin server offers: GRPCController (Shutdown),
 * GRPCStdio (an empty stdio stream) and the gRPC health service reporting "plugin" SERVING.
 * GRPCBroker is left unregistered: Terraform providers never use it and the client tolerates
 * UNIMPLEMENTED.
 */
import { status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from './logging';

/** go-plugin's health service name. */
export const HEALTH_SERVICE_NAME = 'plugin';

type Empty = Record<string, never>;
interface HealthCheckRequest {
  service: string;
}
interface HealthCheckResponse {
  status: 'SERVING' | 'SERVICE_UNKNOWN';
}

/** Open server streams (stdio, health watch), ended when the server shuts down. */
export class OpenStreams {
  private readonly streams = new Set<ServerWritableStream<unknown, unknown>>();

  hold(call: ServerWritableStream<unknown, unknown>): void {
    this.streams.add(call);
    const release = (): void => void this.streams.delete(call);
    call.on('cancelled', release);
    call.on('close', release);
  }

  endAll(): void {
    for (const call of this.streams) call.end();
    this.streams.clear();
  }
}

export function controllerService(logger: Logger, onShutdown: () => void): UntypedServiceImplementation {
  return {
    Shutdown: (_call: ServerUnaryCall<Empty, Empty>, callback: sendUnaryData<Empty>) => {
      logger.debug('Shutdown requested by the plugin client');
      callback(null, {});
      // Answer first: the client waits for the reply, then for the process to exit.
      setImmediate(onShutdown);
    },
  };
}

export function stdioService(streams: OpenStreams): UntypedServiceImplementation {
  return {
    // Logs go to stderr directly, so nothing is ever sent; the stream just stays open.
    StreamStdio: (call: ServerWritableStream<Empty, unknown>) => streams.hold(call),
  };
}

export function healthService(streams: OpenStreams): UntypedServiceImplementation {
  const known = (service: string): boolean => service === '' || service === HEALTH_SERVICE_NAME;
  return {
    Check: (call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>) => {
      if (known(call.request.service)) callback(null, { status: 'SERVING' });
      else callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
    },
    Watch: (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
      call.write({ status: known(call.request.service) ? 'SERVING' : 'SERVICE_UNKNOWN' });
      streams.hold(call);
    },
  };
}
