/**
 * The go-plugin side services every plugin server offers: GRPCController (Shutdown),
 * GRPCStdio (an empty stdio stream) and the gRPC health service reporting "plugin" SERVING.
 * GRPCBroker is left unregistered: Terraform providers never use it and the client tolerates
 * UNIMPLEMENTED.
 */
import { GrpcError, GrpcStatus, type ServerStream } from './grpc-server';
import type { Logger } from './logging';

/** go-plugin's health service name. */
export const HEALTH_SERVICE_NAME = 'plugin';

type Empty = Record<string, never>;
interface HealthCheckRequest {
  service: string;
}

export function controllerService(logger: Logger, onShutdown: () => void): { Shutdown: (req: object) => Promise<Empty> } {
  return {
    Shutdown: async () => {
      logger.debug('Shutdown requested by the plugin client');
      // Answer first: the client waits for the reply, then for the process to exit.
      setImmediate(onShutdown);
      return {};
    },
  };
}

export function stdioService(): { StreamStdio: (req: object, stream: ServerStream) => void } {
  // Logs go to stderr directly, so nothing is ever sent; the stream stays open until the server
  // ends its streams at shutdown.
  return { StreamStdio: () => undefined };
}

export function healthService(): {
  Check: (req: object) => Promise<object>;
  Watch: (req: object, stream: ServerStream) => void;
} {
  const known = (service: string): boolean => service === '' || service === HEALTH_SERVICE_NAME;
  return {
    Check: async (req) => {
      const { service } = req as HealthCheckRequest;
      if (known(service)) return { status: 'SERVING' };
      throw new GrpcError(GrpcStatus.NOT_FOUND, `unknown service ${service}`);
    },
    Watch: (req, stream) => stream.write({ status: known((req as HealthCheckRequest).service) ? 'SERVING' : 'SERVICE_UNKNOWN' }),
  };
}
