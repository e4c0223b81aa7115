/** `tls <service> min-tls-version <version>` and `tls <service>` (cms-api.md §3.4, §1.1). */
import { MMP_TLS_DEFAULT_MIN_VERSION, MMP_TLS_SERVICES, MMP_TLS_VERSIONS } from '../../unverified';
import { MmpCommandFamily } from '../context';
import { MmpUsageError, reply, silent, statusLines } from '../reply';

const SYNTAX = `tls <${MMP_TLS_SERVICES.join('|')}> min-tls-version <${MMP_TLS_VERSIONS.join('|')}>`;

export const tlsCommand: MmpCommandFamily = (args, ctx) => {
  const [service, setting, version, ...extra] = args;
  if (!service || !MMP_TLS_SERVICES.includes(service) || extra.length > 0) throw new MmpUsageError(SYNTAX);
  if (setting === undefined) {
    const current = ctx.mmp.settings.tlsMinVersions[service] ?? MMP_TLS_DEFAULT_MIN_VERSION;
    return reply(...statusLines([['Minimum TLS version', current]]));
  }
  if (setting !== 'min-tls-version' || !version || !MMP_TLS_VERSIONS.includes(version)) throw new MmpUsageError(SYNTAX);
  ctx.mmp.update((s) => {
    s.tlsMinVersions[service] = version;
  });
  return silent();
};
