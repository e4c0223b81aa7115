/** `webbridge3` (cms-api.md §3.6): Web Bridge 3's HTTPS and Call Bridge (c2w) listeners and certificates. */
import { MMP_SERVICE_STATE, MMP_TEXT, MMP_WORDS } from '../../unverified';
import { enabledWord, expectArgs, isNone, listener, listenerText, onOff, redirectWord, requireFiles, shown } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, silent, statusLines, success } from '../reply';
import { MmpListener, WebBridge3Settings } from '../settings';
import { assertNoClash, webAdminBindings, webBridge3Bindings } from './bindings';
import { CertificatePair, checkCertificates } from './certificates';

const SYNTAX = {
  httpsListen: 'webbridge3 https listen <interface>:<port> [<interface>:<port> ...] | webbridge3 https listen none',
  httpsCerts: 'webbridge3 https certs <key-file> <full-chain-certificate-file> | webbridge3 https certs none',
  c2wListen: 'webbridge3 c2w listen <interface>:<port> [<interface>:<port> ...] | webbridge3 c2w listen none',
  c2wCerts: 'webbridge3 c2w certs <key-file> <full-chain-certificate-file> | webbridge3 c2w certs none',
  c2wTrust: 'webbridge3 c2w trust <ca-bundle> | webbridge3 c2w trust none',
  redirect: 'webbridge3 http-redirect enable|disable',
  any: 'webbridge3 [https|c2w|enable|disable|restart|http-redirect] ...',
} as const;

const listenersText = (listeners: readonly MmpListener[]): string => (listeners.length ? listeners.map(listenerText).join(' ') : MMP_WORDS.none);

function status(ctx: MmpContext): MmpReply {
  const w = ctx.mmp.settings.webBridge3;
  return reply(
    ...statusLines([
      ['Enabled', enabledWord(w.enabled)],
      ['HTTPS listening ports and interfaces', listenersText(w.httpsListeners)],
      ['HTTPS Key file', shown(w.httpsKeyFile)],
      ['HTTPS Full chain certificate file', shown(w.httpsCertificateFile)],
      ['HTTPS Frame-Ancestors', MMP_WORDS.none],
      ['HTTP redirect', redirectWord(w.httpRedirect)],
      ['C2W listening ports and interfaces', listenersText(w.c2wListeners)],
      ['C2W Key file', shown(w.c2wKeyFile)],
      ['C2W Full chain certificate file', shown(w.c2wCertificateFile)],
      ['C2W Trust bundle', shown(w.c2wTrust)],
      ['Meetingapps address', MMP_WORDS.none],
      ['Meetingapps port', MMP_WORDS.none],
      ['Audio priority flag', enabledWord(false)],
      ['Beta options', MMP_WORDS.none],
    ]),
  );
}

/** Web Bridge 3's own listeners must differ, and, while Web Admin runs, differ from its ports. */
function assertFree(ctx: MmpContext, next: WebBridge3Settings): void {
  const admin = ctx.mmp.settings.webAdmin;
  assertNoClash(webBridge3Bindings(next), admin.enabled ? webAdminBindings(admin) : []);
}

function change(ctx: MmpContext, apply: (w: WebBridge3Settings) => void): MmpReply {
  const next = ctx.mmp.settings.webBridge3;
  apply(next);
  if (next.enabled) assertFree(ctx, next);
  ctx.mmp.update((s) => {
    s.webBridge3 = next;
  });
  return silent();
}

/** The checks `enable` and `restart` make before (re)starting: listeners, certificates, ports. */
function startChecks(ctx: MmpContext, w: WebBridge3Settings): string[] {
  if (w.httpsListeners.length === 0) throw new MmpFailure(MMP_TEXT.notConfigured('webbridge3 https listening interface'));
  const pairs: CertificatePair[] = [{ label: 'webbridge3 https certificates', keyFile: w.httpsKeyFile, certificateFile: w.httpsCertificateFile }];
  if (w.c2wListeners.length > 0) {
    pairs.push({ label: 'webbridge3 c2w certificates', keyFile: w.c2wKeyFile, certificateFile: w.c2wCertificateFile, bundleFile: w.c2wTrust });
  }
  const lines = checkCertificates((n) => ctx.mmp.files.has(n), pairs);
  assertFree(ctx, w);
  return lines;
}

function listenersFrom(rest: string[], syntax: string): MmpListener[] {
  if (rest.length === 0) throw new MmpUsageError(syntax);
  if (rest.length === 1 && isNone(rest[0]!)) return [];
  return rest.map((text) => listener(text, syntax));
}

function pairFrom(ctx: MmpContext, rest: string[], syntax: string): [string, string] | undefined {
  if (rest.length === 1 && isNone(rest[0]!)) return undefined;
  expectArgs(rest, 2, syntax);
  requireFiles((n) => ctx.mmp.files.has(n), rest);
  return [rest[0]!, rest[1]!];
}

function https(ctx: MmpContext, args: string[]): MmpReply {
  const [what, ...rest] = args;
  if (what === 'listen') {
    const listeners = listenersFrom(rest, SYNTAX.httpsListen);
    return change(ctx, (w) => {
      w.httpsListeners = listeners;
    });
  }
  if (what === 'certs') {
    const pair = pairFrom(ctx, rest, SYNTAX.httpsCerts);
    return change(ctx, (w) => {
      delete w.httpsKeyFile;
      delete w.httpsCertificateFile;
      if (pair) [w.httpsKeyFile, w.httpsCertificateFile] = pair;
    });
  }
  throw new MmpUsageError(`${SYNTAX.httpsListen}\n       ${SYNTAX.httpsCerts}`);
}

function c2w(ctx: MmpContext, args: string[]): MmpReply {
  const [what, ...rest] = args;
  if (what === 'listen') {
    const listeners = listenersFrom(rest, SYNTAX.c2wListen);
    return change(ctx, (w) => {
      w.c2wListeners = listeners;
    });
  }
  if (what === 'certs') {
    const pair = pairFrom(ctx, rest, SYNTAX.c2wCerts);
    return change(ctx, (w) => {
      delete w.c2wKeyFile;
      delete w.c2wCertificateFile;
      if (pair) [w.c2wKeyFile, w.c2wCertificateFile] = pair;
    });
  }
  if (what === 'trust') {
    expectArgs(rest, 1, SYNTAX.c2wTrust);
    const bundle = isNone(rest[0]!) ? undefined : rest[0]!;
    if (bundle) requireFiles((n) => ctx.mmp.files.has(n), [bundle]);
    return change(ctx, (w) => {
      delete w.c2wTrust;
      if (bundle) w.c2wTrust = bundle;
    });
  }
  throw new MmpUsageError(`${SYNTAX.c2wListen}\n       ${SYNTAX.c2wCerts}\n       ${SYNTAX.c2wTrust}`);
}

export const webbridge3Command: MmpCommandFamily = (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
      return status(ctx);
    case 'https':
      return https(ctx, rest);
    case 'c2w':
      return c2w(ctx, rest);
    case 'http-redirect': {
      expectArgs(rest, 1, SYNTAX.redirect);
      const on = onOff(rest[0], SYNTAX.redirect);
      return change(ctx, (w) => {
        w.httpRedirect = on;
      });
    }
    case 'enable': {
      expectArgs(rest, 0, 'webbridge3 enable');
      const w = ctx.mmp.settings.webBridge3;
      const lines = startChecks(ctx, w);
      ctx.mmp.update((s) => {
        s.webBridge3.enabled = true;
      });
      return success(...lines, MMP_TEXT.serviceEnabled('webbridge3'));
    }
    case 'restart': {
      expectArgs(rest, 0, 'webbridge3 restart');
      const w = ctx.mmp.settings.webBridge3;
      if (!w.enabled) throw new MmpFailure(MMP_SERVICE_STATE.notEnabled('webbridge3'));
      return success(...startChecks(ctx, w), MMP_TEXT.serviceRestarted('webbridge3'));
    }
    case 'disable':
      expectArgs(rest, 0, 'webbridge3 disable');
      ctx.mmp.update((s) => {
        s.webBridge3.enabled = false;
      });
      return silent();
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
};
