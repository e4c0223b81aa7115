/**
 * `tls <service>` (cms-api.md §3.4, §3.5, §1.1): the minimum TLS version a service accepts, and
 * for the services that check their peers (SIP, LDAP) the CA bundle they trust and whether they
 * verify certificates (`verify enable|disable|ocsp`).
 */
import {
  MMP_TLS_DEFAULT_MIN_VERSION,
  MMP_TLS_SERVICES,
  MMP_TLS_STATUS_KEYS as K,
  MMP_TLS_TRUST_SERVICES,
  MMP_TLS_VERIFY_WORDS,
  MMP_TLS_VERSIONS,
  MMP_WORDS,
} from '../../unverified';
import { expectArgs, isNone, requireFiles } from '../args';
import { MmpCommandFamily } from '../context';
import { MmpUsageError, reply, silent, StatusRow, statusLines } from '../reply';

const SYNTAX =
  `tls <${MMP_TLS_SERVICES.join('|')}> min-tls-version <${MMP_TLS_VERSIONS.join('|')}>\n` +
  `       tls <${MMP_TLS_TRUST_SERVICES.join('|')}> trust <ca-bundle>|none\n` +
  `       tls <${MMP_TLS_TRUST_SERVICES.join('|')}> verify enable|disable|ocsp`;

export const tlsCommand: MmpCommandFamily = (args, ctx) => {
  const [service, setting, value, ...extra] = args;
  if (!service || !MMP_TLS_SERVICES.includes(service) || extra.length > 0) throw new MmpUsageError(SYNTAX);
  const checksPeers = MMP_TLS_TRUST_SERVICES.includes(service);
  if (setting === undefined) {
    const s = ctx.mmp.settings;
    const rows: StatusRow[] = [[K.minVersion, s.tlsMinVersions[service] ?? MMP_TLS_DEFAULT_MIN_VERSION]];
    if (checksPeers) rows.push([K.trust, s.tlsTrust[service] ?? MMP_WORDS.none], [K.verify, s.tlsVerify[service] ?? MMP_TLS_VERIFY_WORDS.disable]);
    return reply(...statusLines(rows));
  }
  expectArgs(args, 3, SYNTAX);
  if (setting === 'min-tls-version') {
    if (!value || !MMP_TLS_VERSIONS.includes(value)) throw new MmpUsageError(SYNTAX);
    // A default is stored as no setting, so a node set back to its defaults equals a fresh one.
    ctx.mmp.update((s) => {
      delete s.tlsMinVersions[service];
      if (value !== MMP_TLS_DEFAULT_MIN_VERSION) s.tlsMinVersions[service] = value;
    });
    return silent();
  }
  if (!checksPeers) throw new MmpUsageError(SYNTAX);
  if (setting === 'trust') {
    const bundle = isNone(value!) ? undefined : value!;
    if (bundle) requireFiles((n) => ctx.mmp.files.has(n), [bundle]);
    ctx.mmp.update((s) => {
      delete s.tlsTrust[service];
      if (bundle) s.tlsTrust[service] = bundle;
    });
    return silent();
  }
  if (setting === 'verify') {
    const word = MMP_TLS_VERIFY_WORDS[value as keyof typeof MMP_TLS_VERIFY_WORDS];
    if (!word) throw new MmpUsageError(SYNTAX);
    ctx.mmp.update((s) => {
      delete s.tlsVerify[service];
      if (word !== MMP_TLS_VERIFY_WORDS.disable) s.tlsVerify[service] = word;
    });
    return silent();
  }
  throw new MmpUsageError(SYNTAX);
};
