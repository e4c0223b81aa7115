/**
 * Where the plugin server listens: a unix socket in a fresh private temp directory (what
 * go-plugin servers use everywhere but Windows), or 127.0.0.1 on Windows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GrpcServer } from './grpc-server';
import type { ListenAddress } from './handshake';

/** sockaddr_un.sun_path holds 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH = 100;

export interface BoundListener {
  listen: ListenAddress;
  /** Removes the socket directory (safe to call more than once). */
  cleanup(): void;
}

export async function bindPluginListener(server: GrpcServer, env: NodeJS.ProcessEnv = process.env): Promise<BoundListener> {
  if (process.platform === 'win32') return bindTcp(server, env);
  const dir = makeSocketDir(env);
  const socketPath = path.join(dir, 'plugin.sock');
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await server.listen({ path: socketPath });
  } catch (err) {
    cleanup();
    throw err;
  }
  return { listen: { network: 'unix', address: socketPath }, cleanup };
}

function makeSocketDir(env: NodeJS.ProcessEnv): string {
  const base = env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
  const candidate = path.join(base, 'pluginXXXXXX', 'plugin.sock');
  const parent = candidate.length <= MAX_SOCKET_PATH ? base : '/tmp';
  return fs.mkdtempSync(path.join(parent, 'plugin'));
}

/** go-plugin walks PLUGIN_MIN_PORT..PLUGIN_MAX_PORT; random picks in the range do the same job. */
async function bindTcp(server: GrpcServer, env: NodeJS.ProcessEnv): Promise<BoundListener> {
  const min = Number(env.PLUGIN_MIN_PORT) || 10000;
  const max = Number(env.PLUGIN_MAX_PORT) || 25000;
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    try {
      await server.listen({ host: '127.0.0.1', port });
      return { listen: { network: 'tcp', address: `127.0.0.1:${port}` }, cleanup: () => undefined };
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`no free port between ${min} and ${max}: ${String(lastError)}`);
}
