/**
 * `callbridge` (cms-api.md §3.5): the Call Bridge's listening interfaces, certificates and trust
 * bundles. It has no enable switch: `restart` applies the settings and prints SUCCESS/FAILURE.
 */
import { MMP_CALLBRIDGE_TRUST_TARGETS, MMP_TEXT, MMP_WORDS } from '../../unverified';
import { expectArgs, interfaceName, isNone, requireFiles, shown } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, silent, statusLines, success } from '../reply';
import { CallBridgeSettings } from '../settings';
import { checkCertificates } from './certificates';

const SYNTAX = {
  listen: 'callbridge listen <interface> [<interface> ...] | callbridge listen none',
  certs: 'callbridge certs <key-file> <certificate-file> [<ca-bundle>] | callbridge certs none',
  trust: `callbridge trust ${Object.keys(MMP_CALLBRIDGE_TRUST_TARGETS).join('|')} <bundle>|none`,
  any: 'callbridge [listen|certs|trust|restart] ...',
} as const;

type TrustTarget = keyof typeof MMP_CALLBRIDGE_TRUST_TARGETS;
const isTrustTarget = (word: string | undefined): word is TrustTarget => word !== undefined && word in MMP_CALLBRIDGE_TRUST_TARGETS;

function status(ctx: MmpContext): MmpReply {
  const c = ctx.mmp.settings.callBridge;
  const none = MMP_WORDS.none;
  return reply(
    ...statusLines([
      ['Listening interfaces', c.interfaces.length ? c.interfaces.join(' ') : none],
      ['Preferred interface', none],
      ['Key file', shown(c.keyFile)],
      ['Certificate file', shown(c.certificateFile)],
      ['Address', c.interfaces.length ? ctx.address : none],
      ['CA Bundle file', shown(c.caBundleFile)],
      ...Object.values(MMP_CALLBRIDGE_TRUST_TARGETS).map((t): [string, string] => [t.status, shown(c[t.setting])]),
      ['UCM trusted certs', none],
      ['UCM verification mode', 'disabled'],
      ['IMPS trusted certs', none],
      ['IMPS verification mode', 'disabled'],
      ['WC3 JWT Expiry in hours', '24'],
      ['AV1 Video Codec', 'disabled'],
    ]),
  );
}

function change(ctx: MmpContext, apply: (c: CallBridgeSettings) => void): MmpReply {
  ctx.mmp.update((s) => apply(s.callBridge));
  return silent();
}

function restart(ctx: MmpContext): MmpReply {
  const c = ctx.mmp.settings.callBridge;
  if (c.interfaces.length === 0) throw new MmpFailure(MMP_TEXT.notConfigured('callbridge listening interface'));
  const lines = checkCertificates((n) => ctx.mmp.files.has(n), [
    { label: 'callbridge certificates', keyFile: c.keyFile, certificateFile: c.certificateFile, bundleFile: c.caBundleFile },
  ]);
  requireFiles(
    (n) => ctx.mmp.files.has(n),
    Object.values(MMP_CALLBRIDGE_TRUST_TARGETS)
      .map((t) => c[t.setting])
      .filter((f): f is string => f !== undefined),
  );
  return success(...lines, MMP_TEXT.serviceRestarted('callbridge'));
}

export const callbridgeCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
      return status(ctx);
    case 'listen': {
      if (rest.length === 0) throw new MmpUsageError(SYNTAX.listen);
      const interfaces = rest.length === 1 && isNone(rest[0]!) ? [] : [...new Set(rest.map(interfaceName))];
      return change(ctx, (c) => {
        c.interfaces = interfaces;
      });
    }
    case 'certs': {
      if (rest.length === 1 && isNone(rest[0]!)) {
        return change(ctx, (c) => {
          delete c.keyFile;
          delete c.certificateFile;
          delete c.caBundleFile;
        });
      }
      expectArgs(rest, [2, 3], SYNTAX.certs);
      requireFiles((n) => ctx.mmp.files.has(n), rest);
      return change(ctx, (c) => {
        c.keyFile = rest[0]!;
        c.certificateFile = rest[1]!;
        delete c.caBundleFile;
        if (rest[2] !== undefined) c.caBundleFile = rest[2];
      });
    }
    case 'trust': {
      expectArgs(rest, 2, SYNTAX.trust);
      if (!isTrustTarget(rest[0])) throw new MmpUsageError(SYNTAX.trust);
      const target = MMP_CALLBRIDGE_TRUST_TARGETS[rest[0]].setting;
      const bundle = isNone(rest[1]!) ? undefined : rest[1]!;
      if (bundle) requireFiles((n) => ctx.mmp.files.has(n), [bundle]);
      return change(ctx, (c) => {
        delete c[target];
        if (bundle) c[target] = bundle;
      });
    }
    case 'restart':
      expectArgs(rest, 0, 'callbridge restart');
      return restart(ctx);
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
};
