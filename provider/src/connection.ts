/**
 * Connects the provider to a Meeting Server: the REST client configured from the provider
 * settings, every call cancellable by Terraform's interrupt, logs to the provider's log.
 */
import { CmsClient } from './cms/client';
import type { CmsLogEntry } from './cms/log';
import type { ConnectionSettings } from './config/provider-config';
import type { ProviderApi } from './provider';

export type LogSink = (entry: CmsLogEntry) => void;

export function connect(settings: ConnectionSettings, log?: LogSink): ProviderApi {
  const client = new CmsClient({
    url: settings.url,
    username: settings.username,
    password: settings.password,
    insecure: settings.insecure,
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    concurrency: settings.concurrency,
    ...(settings.caBundle ? { caBundle: settings.caBundle } : {}),
    ...(log ? { onLog: log } : {}),
  });
  let controller = new AbortController();
  const signal = () => controller.signal;
  return {
    get: (path, query) => client.get(path, query, { signal: signal() }),
    list: (path, options) => client.list(path, { ...options, signal: signal() }),
    create: (path, params) => client.create(path, params, { signal: signal() }),
    update: (path, params) => client.update(path, params, { signal: signal() }),
    delete: (path) => client.delete(path, { signal: signal() }),
    count: async (path, query) => (await client.listPage(path, { limit: 1, signal: signal(), ...(query ? { query } : {}) })).total,
    close: () => client.close(),
    abort: () => {
      controller.abort();
      controller = new AbortController();
    },
  };
}
