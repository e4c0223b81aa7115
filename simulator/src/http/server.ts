/**
 * One listening HTTP(S) server per simulated node. Tracks its sockets so that stop() closes
 * keep-alive connections at once (test runners must be able to exit).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo, Socket } from 'node:net';

export interface ListenOptions {
  host: string;
  port: number;
  /** PEM certificate chain and key; omitted = plain HTTP. */
  tls?: { cert: string; key: string };
  onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export class NodeServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    readonly protocol: 'http' | 'https',
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async listen(options: ListenOptions): Promise<NodeServer> {
    const server = options.tls
      ? https.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, options.onRequest)
      : http.createServer(options.onRequest);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const tracked = new NodeServer(server, (server.address() as AddressInfo).port, options.tls ? 'https' : 'http');
    return tracked;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
