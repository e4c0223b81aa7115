/**
 * Which interface:port pairs a web service holds, and the rule that two enabled services never
 * hold the same one (cms-api.md §3.4: Web Admin and Web Bridge 3 "must differ by interface or
 * port"; deployment-rules.md: the c2w port must not be the Web Admin port). HTTP redirect holds
 * port 80 of the interface: only one service may redirect it.
 */
import { MMP_TEXT } from '../../unverified';
import { MmpFailure } from '../reply';
import { WebAdminSettings, WebBridge3Settings } from '../settings';

export interface PortBinding {
  interface: string;
  port: number;
  /** What holds it, as named in the FAILURE text (`webadmin`, `webbridge3 https`, …). */
  owner: string;
}

const HTTP_PORT = 80;

export function webAdminBindings(settings: WebAdminSettings): PortBinding[] {
  const bindings: PortBinding[] = [{ interface: settings.interface, port: settings.port, owner: 'webadmin' }];
  if (settings.httpRedirect) bindings.push({ interface: settings.interface, port: HTTP_PORT, owner: 'webadmin http-redirect' });
  return bindings;
}

export function webBridge3Bindings(settings: WebBridge3Settings): PortBinding[] {
  const bindings: PortBinding[] = [
    ...settings.httpsListeners.map((l) => ({ ...l, owner: 'webbridge3 https' })),
    ...settings.c2wListeners.map((l) => ({ ...l, owner: 'webbridge3 c2w' })),
  ];
  if (settings.httpRedirect) {
    for (const iface of new Set(settings.httpsListeners.map((l) => l.interface))) {
      bindings.push({ interface: iface, port: HTTP_PORT, owner: 'webbridge3 http-redirect' });
    }
  }
  return bindings;
}

/** Refuses when a binding of `candidate` is held by `others` or twice within `candidate`. */
export function assertNoClash(candidate: readonly PortBinding[], others: readonly PortBinding[]): void {
  const held = new Map<string, string>();
  for (const b of others) held.set(`${b.interface}:${b.port}`, b.owner);
  for (const b of candidate) {
    const key = `${b.interface}:${b.port}`;
    const owner = held.get(key);
    if (owner !== undefined) throw new MmpFailure(MMP_TEXT.portInUse(b.interface, b.port, owner));
    held.set(key, b.owner);
  }
}
