/**
 * `webadmin` (cms-api.md §3.4): the service that serves Web Admin and the REST API. The
 * simulator's HTTP(S) server keeps serving whatever these settings say; they are reported and
 * checked, not enacted.
 */
import { MMP_SERVICE_STATE, MMP_TEXT } from '../../unverified';
import { enabledWord, expectArgs, interfaceName, isNone, onOff, portNumber, redirectWord, requireFiles, shown } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpReply, MmpUsageError, reply, silent, statusLines, success } from '../reply';
import { WebAdminSettings } from '../settings';
import { assertNoClash, webAdminBindings, webBridge3Bindings } from './bindings';
import { checkCertificates } from './certificates';

const SYNTAX = {
  listen: 'webadmin listen <interface> <port>',
  certs: 'webadmin certs <key-file> <certificate-file> [<ca-bundle>] | webadmin certs none',
  redirect: 'webadmin http-redirect enable|disable',
  any: 'webadmin [listen|certs|enable|disable|http-redirect] ...',
} as const;

function status(ctx: MmpContext): MmpReply {
  const w = ctx.mmp.settings.webAdmin;
  return reply(
    ...statusLines([
      ['Enabled', enabledWord(w.enabled)],
      ['TLS listening interface', w.interface],
      ['TLS listening port', String(w.port)],
      ['Key file', shown(w.keyFile)],
      ['Certificate file', shown(w.certificateFile)],
      ['CA Bundle file', shown(w.caBundleFile)],
      ['HTTP redirect', redirectWord(w.httpRedirect)],
      ['STATUS', w.enabled ? MMP_SERVICE_STATE.running('webadmin') : MMP_SERVICE_STATE.stopped('webadmin')],
    ]),
  );
}

/** While both services run, Web Admin may not take a port Web Bridge 3 holds (and the reverse). */
function assertFree(ctx: MmpContext, next: WebAdminSettings): void {
  const wb3 = ctx.mmp.settings.webBridge3;
  if (wb3.enabled) assertNoClash(webAdminBindings(next), webBridge3Bindings(wb3));
}

/** A setter: validated against the running services when Web Admin is enabled, then stored. */
function change(ctx: MmpContext, apply: (w: WebAdminSettings) => void): MmpReply {
  const next = ctx.mmp.settings.webAdmin;
  apply(next);
  if (next.enabled) assertFree(ctx, next);
  ctx.mmp.update((s) => {
    s.webAdmin = next;
  });
  return silent();
}

function enable(ctx: MmpContext): MmpReply {
  const w = ctx.mmp.settings.webAdmin;
  const checks = checkCertificates((n) => ctx.mmp.files.has(n), [
    { label: 'webadmin certificates', keyFile: w.keyFile, certificateFile: w.certificateFile, bundleFile: w.caBundleFile },
  ]);
  assertFree(ctx, w);
  ctx.mmp.update((s) => {
    s.webAdmin.enabled = true;
  });
  return success(...checks, MMP_TEXT.serviceEnabled('webadmin'));
}

export const webadminCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
      return status(ctx);
    case 'listen': {
      expectArgs(rest, 2, SYNTAX.listen);
      const iface = interfaceName(rest[0]!);
      const port = portNumber(rest[1]!);
      return change(ctx, (w) => {
        w.interface = iface;
        w.port = port;
      });
    }
    case 'certs': {
      if (rest.length === 1 && isNone(rest[0]!)) {
        return change(ctx, (w) => {
          delete w.keyFile;
          delete w.certificateFile;
          delete w.caBundleFile;
        });
      }
      expectArgs(rest, [2, 3], SYNTAX.certs);
      requireFiles((n) => ctx.mmp.files.has(n), rest);
      return change(ctx, (w) => {
        w.keyFile = rest[0]!;
        w.certificateFile = rest[1]!;
        if (rest[2] !== undefined) w.caBundleFile = rest[2];
        else delete w.caBundleFile;
      });
    }
    case 'http-redirect': {
      expectArgs(rest, 1, SYNTAX.redirect);
      const on = onOff(rest[0], SYNTAX.redirect);
      return change(ctx, (w) => {
        w.httpRedirect = on;
      });
    }
    case 'enable':
      expectArgs(rest, 0, 'webadmin enable');
      return enable(ctx);
    case 'disable':
      expectArgs(rest, 0, 'webadmin disable');
      ctx.mmp.update((s) => {
        s.webAdmin.enabled = false;
      });
      return silent();
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
};
