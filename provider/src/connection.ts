/**
 * Connects the provider to a Meeting Server: the REST client configured from the provider
 * settings, an MMP (SSH) client per configured node opened on first use, every REST call
 * cancellable by Terraform's interrupt, logs to the provider's log.
 */
import { CmsClient } from './cms/client';
import type { CmsLogEntry } from './cms/log';
import { MmpClient } from './cms/mmp/client';
import type { MmpLogEntry } from './cms/mmp/log';
import type { ConnectionSettings } from './config/provider-config';
import type { ProviderApi } from './provider';
import { OperationError } from './resources/operations';

export type LogSink = (entry: CmsLogEntry | MmpLogEntry) => void;

/** How many request timeouts a whole listing may take (see the timeout_seconds setting). */
export const LIST_TIMEOUT_FACTOR = 20;

export function connect(settings: ConnectionSettings, log?: LogSink): ProviderApi {
  const client = new CmsClient({
    url: settings.url,
    username: settings.username,
    password: settings.password,
    insecure: settings.insecure,
    timeoutMs: settings.timeoutMs,
    // Listing a collection page by page may take this many request timeouts, and no longer.
    listTimeoutMs: settings.timeoutMs * LIST_TIMEOUT_FACTOR,
    retries: settings.retries,
    concurrency: settings.concurrency,
    ...(settings.caBundle ? { caBundle: settings.caBundle } : {}),
    ...(log ? { onLog: log } : {}),
  });
  const mmpClients = new Map<string, MmpClient>();
  let controller = new AbortController();
  const signal = () => controller.signal;
  return {
    get: (path, query) => client.get(path, query, { signal: signal() }),
    list: (path, options) => client.list(path, { ...options, signal: signal() }),
    create: (path, params) => client.create(path, params, { signal: signal() }),
    update: (path, params) => client.update(path, params, { signal: signal() }),
    delete: (path) => client.delete(path, { signal: signal() }),
    count: async (path, query) => (await client.listPage(path, { limit: 1, signal: signal(), ...(query ? { query } : {}) })).total,
    mmp: (node) => {
      const existing = mmpClients.get(node);
      if (existing) return existing;
      const n = settings.mmpNodes.find((x) => x.name === node);
      if (!n) {
        const known = settings.mmpNodes.map((x) => x.name);
        throw new OperationError(
          `The provider has no mmp_node named ${JSON.stringify(node)}${known.length ? ` (it has ${known.join(', ')})` : ''}. Add an mmp_node block (name, address, host_key_fingerprint) to the provider, or set CMS_MMP_NODES.`,
        );
      }
      const mmp = new MmpClient({
        host: n.address,
        port: n.port,
        username: n.username,
        timeoutMs: settings.timeoutMs,
        trustOnFirstUse: n.trustOnFirstUse,
        ...(n.password ? { password: n.password } : {}),
        ...(n.privateKey ? { privateKey: n.privateKey } : {}),
        ...(n.hostKeyFingerprint ? { hostKeyFingerprint: n.hostKeyFingerprint } : {}),
        ...(log ? { onLog: log } : {}),
      });
      mmpClients.set(node, mmp);
      return mmp;
    },
    close: async () => {
      await Promise.all([client.close(), ...[...mmpClients.values()].map((m) => m.close())]);
    },
    abort: () => {
      controller.abort();
      controller = new AbortController();
    },
  };
}
