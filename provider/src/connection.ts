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

/** Why a configuration without url, username or password cannot use the API. */
function missingApiSettings(settings: ConnectionSettings): string | undefined {
  const missing = (['url', 'username', 'password'] as const).filter((k) => settings[k] === '');
  if (missing.length === 0) return undefined;
  return (
    `This provider configuration has no ${missing.join(', ')} (connect_on_first_use lets it leave them out when it manages only MMP resources), ` +
    'but this resource uses the Meeting Server API. Set them in the provider block or in CMS_URL, CMS_USERNAME and CMS_PASSWORD, or give the resource a provider configuration that has them.'
  );
}

export function connect(settings: ConnectionSettings, log?: LogSink): ProviderApi {
  // Made on first use: a configuration that manages only MMP resources may have no API address.
  let rest: CmsClient | undefined;
  const restClient = (): CmsClient => {
    const missing = missingApiSettings(settings);
    if (missing) throw new OperationError(missing);
    rest ??= new CmsClient({
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
    return rest;
  };
  const client = {
    get: (...a: Parameters<CmsClient['get']>) => restClient().get(...a),
    list: (...a: Parameters<CmsClient['list']>) => restClient().list(...a),
    create: (...a: Parameters<CmsClient['create']>) => restClient().create(...a),
    update: (...a: Parameters<CmsClient['update']>) => restClient().update(...a),
    delete: (...a: Parameters<CmsClient['delete']>) => restClient().delete(...a),
    listPage: (...a: Parameters<CmsClient['listPage']>) => restClient().listPage(...a),
  };
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
      await Promise.all([rest?.close(), ...[...mmpClients.values()].map((m) => m.close())]);
    },
    abort: () => {
      controller.abort();
      controller = new AbortController();
    },
  };
}
