/**
 * Named plan-time checks that look across attributes and list items: the deployment rules a
 * simple attribute constraint cannot state. A definition lists the ones that apply (`checks`).
 * Values not known until apply are skipped; every message names the rule and the fix.
 */
import type { CtyObject, CtyValue, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { CheckName, Definition } from './definition';

type Check = (def: Definition, config: CtyObject) => Diagnostic[];

function knownString(v: CtyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function knownNumber(v: CtyValue | undefined): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** A list whose items are all known, or undefined. */
function knownList(v: CtyValue | undefined): string[] | undefined {
  if (!Array.isArray(v) || v.some((x) => isUnknown(x) || typeof x !== 'string')) return undefined;
  return v as string[];
}

function listener(text: string): { iface: string; port: number } | undefined {
  const m = /^([a-z]):(\d+)$/.exec(text);
  return m ? { iface: m[1], port: Number(m[2]) } : undefined;
}

function error(def: Definition, attribute: string, detail: string, item?: number | { key: string }): Diagnostic {
  return { severity: 'error', summary: `Invalid ${attribute} for ${def.typeName}`, detail, attribute: item === undefined ? [attribute] : [attribute, item] };
}

/** Index pairs [first, repeat] of items equal but for letter case (host names, listeners). */
function repeats(items: string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const seen = new Map<string, number>();
  items.forEach((x, i) => {
    const k = x.toLowerCase();
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else out.push([first, i]);
  });
  return out;
}

/**
 * Web Admin, Web Bridge 3 and the c2w listener must not share a port on one interface; Web Admin
 * is never on 443 beside a Web Bridge (an interface left unset may be any, so it counts as the
 * same); c2w is never 443 nor the Web Admin port. Messages name items, not their values.
 */
const nodePorts: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const adminIfaceValue = c.web_admin_interface;
  const adminIface = knownString(adminIfaceValue);
  const adminIfaceUnset = adminIfaceValue === null || adminIfaceValue === undefined;
  const adminPort = knownNumber(c.web_admin_port);
  const httpsList = knownList(c.web_bridge_https_listen) ?? [];
  const https = httpsList.map(listener);
  const c2wText = knownString(c.web_bridge_c2w_listen);
  const c2w = listener(c2wText ?? '');
  // An interface left unset may be any interface; one not known yet is checked at apply.
  const onAdminIface = (l: { iface: string } | undefined) => l !== undefined && (adminIfaceUnset || (adminIface !== undefined && l.iface === adminIface));
  const webBridgeNear = https.findIndex((l) => onAdminIface(l));
  if (adminPort === 443 && webBridgeNear >= 0) {
    const where = adminIfaceUnset ? 'web_admin_interface is not set, so it may share the interface of' : 'it listens on the same interface as';
    out.push(error(def, 'web_admin_port', `CMS-WEBADMIN-443: Web Admin cannot listen on port 443 beside a Web Bridge (${where} web_bridge_https_listen[${webBridgeNear}]). Move the Web Admin to another port, such as 445 or 8443${adminIfaceUnset ? ', or set web_admin_interface to an interface without a Web Bridge' : ''}.`));
  } else if (adminPort !== undefined && adminIface !== undefined) {
    const same = https.findIndex((l) => l !== undefined && l.iface === adminIface && l.port === adminPort);
    if (same >= 0) out.push(error(def, 'web_admin_port', `CMS-PORT-CLASH: Web Admin and web_bridge_https_listen[${same}] listen on the same interface and port. Give them different ports.`));
  }
  for (const [first, again] of repeats(httpsList)) {
    out.push(error(def, 'web_bridge_https_listen', `CMS-PORT-CLASH: web_bridge_https_listen[${again}] repeats web_bridge_https_listen[${first}]; list each listener once.`, again));
  }
  if (c2w && c2w.port === 443) {
    out.push(error(def, 'web_bridge_c2w_listen', 'CMS-C2W-PORT: the Call Bridge to Web Bridge (c2w) port must not be 443; the usual port is 9999.'));
  } else if (c2w && adminPort !== undefined && c2w.port === adminPort) {
    out.push(error(def, 'web_bridge_c2w_listen', 'CMS-C2W-PORT: the c2w port is the Web Admin port (on any interface it is refused); use another, such as 9999.'));
  } else if (c2w) {
    const same = https.findIndex((l) => l !== undefined && l.iface === c2w.iface && l.port === c2w.port);
    if (same >= 0) out.push(error(def, 'web_bridge_c2w_listen', `CMS-PORT-CLASH: the c2w listener is also web_bridge_https_listen[${same}]; use another port, such as 9999.`));
  }
  const interfaces = knownList(c.call_bridge_listen_interfaces) ?? [];
  for (const [first, again] of repeats(interfaces)) {
    out.push(error(def, 'call_bridge_listen_interfaces', `call_bridge_listen_interfaces[${again}] repeats call_bridge_listen_interfaces[${first}]; list each interface once.`, again));
  }
  return out;
};

/** Installation Assistant limits: at least one and at most 5 NTP servers, at most 5 DNS servers, no repeats (names differ by more than case). */
const nodeNtpDns: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const ntp = knownList(c.ntp_servers);
  if (ntp) {
    if (ntp.length === 0) out.push(error(def, 'ntp_servers', 'CMS-NTP: a node needs at least one NTP server; list one, or leave ntp_servers out to leave NTP unmanaged.'));
    if (ntp.length > 5) out.push(error(def, 'ntp_servers', `CMS-NTP: at most 5 NTP servers are allowed; ${ntp.length} are listed.`));
    for (const [first, again] of repeats(ntp)) out.push(error(def, 'ntp_servers', `CMS-NTP: ntp_servers[${again}] repeats ntp_servers[${first}] (host names are not case sensitive); list each server once.`, again));
  }
  const dns = knownList(c.dns_servers);
  if (dns) {
    if (dns.length > 5) out.push(error(def, 'dns_servers', `CMS-DNS: at most 5 DNS servers are allowed; ${dns.length} are listed.`));
    for (const [first, again] of repeats(dns)) out.push(error(def, 'dns_servers', `CMS-DNS: dns_servers[${again}] repeats dns_servers[${first}] (host names are not case sensitive); list each server once.`, again));
  }
  return out;
};

/** Database clusters: at least one node, odd sizes, 3 recommended, never 2; each node once; the primary is one of them. */
const databaseClusterSize: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const nodes = c.nodes;
  if (nodes === null || nodes === undefined || isUnknown(nodes) || typeof nodes !== 'object' || Array.isArray(nodes)) return out;
  const names = Object.keys(nodes);
  const n = names.length;
  const rule = '(use an odd number of database nodes, 3 recommended)';
  if (n === 0) {
    out.push(error(def, 'nodes', `CMS-DB-SIZE: a database cluster needs at least one node ${rule}; list the nodes that hold the database, the primary among them.`));
    return out;
  }
  if (n === 2) out.push(error(def, 'nodes', `CMS-DB-SIZE: a database cluster of 2 nodes is refused: losing either node stops all writes ${rule}. Use 3 nodes, or 1 without clustering.`));
  else if (n > 5) out.push(error(def, 'nodes', `CMS-DB-SIZE: a database cluster has at most 5 nodes; ${n} are listed ${rule}.`));
  else if (n % 2 === 0) out.push({ severity: 'warning', summary: `Even-sized database cluster in ${def.typeName}`, detail: `CMS-DB-SIZE: ${n} database nodes: an even number gives no more resilience than ${n - 1} ${rule}.`, attribute: ['nodes'] });
  else if (n > 3) out.push({ severity: 'warning', summary: `Large database cluster in ${def.typeName}`, detail: `CMS-DB-SIZE: ${n} database nodes: the recommendation is a maximum of 3 ${rule}.`, attribute: ['nodes'] });
  else if (n === 1) out.push({ severity: 'warning', summary: `Single-node database cluster in ${def.typeName}`, detail: `CMS-DB-SIZE: 1 database node gives no resilience ${rule}.`, attribute: ['nodes'] });
  const entries = Object.entries(nodes as Record<string, CtyValue>);
  const addresses = entries.map(([, v]) => (typeof v === 'string' ? v : undefined));
  if (addresses.every((a) => a !== undefined)) {
    for (const [first, again] of repeats(addresses as string[])) {
      out.push(error(def, 'nodes', `CMS-DB-MEMBERS: nodes[${JSON.stringify(names[again])}] has the same address as nodes[${JSON.stringify(names[first])}]; each database node is listed once, with its own address.`, { key: names[again] }));
    }
  }
  const primary = knownString(c.primary);
  if (primary !== undefined && !names.includes(primary)) out.push(error(def, 'primary', `CMS-DB-MEMBERS: primary is not one of the nodes (${names.join(', ')}); name one of them.`));
  const connected = knownList(c.connected_nodes) ?? [];
  const both = connected.map((x, i) => [x, i] as const).filter(([x]) => names.includes(x));
  for (const [, i] of both) out.push(error(def, 'connected_nodes', `CMS-DB-MEMBERS: connected_nodes[${i}] holds a database node too; a node either holds a database node (nodes) or only connects to the cluster (connected_nodes).`, i));
  for (const [first, again] of repeats(connected)) out.push(error(def, 'connected_nodes', `CMS-DB-MEMBERS: connected_nodes[${again}] repeats connected_nodes[${first}]; list each node once.`, again));
  return out;
};

function warning(def: Definition, attribute: string, summary: string, detail: string): Diagnostic {
  return { severity: 'warning', summary: `${summary} (${def.typeName})`, detail, attribute: [attribute] };
}

/**
 * Trust between Call Bridge and Web Bridge 3 over c2w (deployment rule "c2w trust"): a Web Bridge
 * with a c2w listener must trust the CA of the Call Bridge certificates, and on a combined node
 * the Call Bridge must trust the Web Bridge's c2w certificate; otherwise the web app cannot join.
 */
const nodeTrust: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const c2w = knownString(c.web_bridge_c2w_listen);
  if (c2w !== undefined && c.web_bridge_enabled === true && c.web_bridge_c2w_trust === null) {
    out.push(warning(def, 'web_bridge_c2w_trust', 'Web Bridge 3 trusts no Call Bridge', 'CMS-C2W-TRUST: Web Bridge 3 listens for Call Bridges on c2w but web_bridge_c2w_trust is not set: set it to the CA bundle that signed the Call Bridge certificates, or the web app cannot join meetings.'));
  }
  const listens = knownList(c.call_bridge_listen_interfaces);
  if (c2w !== undefined && listens !== undefined && listens.length > 0 && c.call_bridge_c2w_trust === null) {
    out.push(warning(def, 'call_bridge_c2w_trust', 'The Call Bridge trusts no Web Bridge 3', 'CMS-C2W-TRUST: this node runs a Call Bridge and a Web Bridge 3 c2w listener but call_bridge_c2w_trust is not set: set it to the CA bundle that signed the Web Bridge c2w certificate.'));
  }
  return out;
};

const TLS_SERVICES = ['webadmin', 'webbridge3', 'sip', 'ldap', 'smtp', 'syslog'];

/**
 * TLS per service (deployment rule "minimum TLS 1.2": SIP, LDAP and HTTPS need TLS 1.2 or later
 * since 2.3): lowering a minimum below 1.2 is warned; verifying certificates needs a trust bundle.
 */
const nodeTls: Check = (def, c) => {
  const out: Diagnostic[] = [];
  for (const service of TLS_SERVICES) {
    const attribute = `${service}_min_tls_version`;
    const version = knownString(c[attribute]);
    if (version !== undefined && Number(version) < 1.2) {
      out.push(warning(def, attribute, `TLS ${version} allowed for ${service}`, `CMS-TLS-MIN: ${attribute} = "${version}" lets clients use TLS below 1.2 (SIP, LDAP and HTTPS need 1.2 or later since 2.3); only lower it for a peer that cannot do better.`));
    }
    const verify = knownString(c[`${service}_certificate_verification`]);
    if ((verify === 'enable' || verify === 'ocsp') && c[`${service}_trust_bundle`] === null) {
      out.push(error(def, `${service}_trust_bundle`, `CMS-TLS-VERIFY: ${service}_certificate_verification = "${verify}" checks peers against ${service}_trust_bundle, which is not set: set it to the CA bundle (uploaded to the node) that signed the ${service.toUpperCase()} servers' certificates.`));
    }
  }
  return out;
};

const isSet = (v: CtyValue | undefined): boolean => v !== null && v !== undefined;

/**
 * Where a node certificate's key comes from: uploaded (private_key_wo with certificate_pem), made
 * self-signed by the node, or made by the node with a request (common_name) that a local CA
 * (signed_by) or your CA (certificate_pem) signs; or no key at all (certificate_pem alone: a CA
 * to trust). One way at a time.
 */
const nodeCertificateSource: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const uploaded = isSet(c.private_key_wo);
  const selfSigned = c.self_signed === true;
  const signedBy = isSet(c.signed_by);
  const requestParts = ['common_name', 'organization', 'subject_alt_names'].filter((a) => isSet(c[a]));
  if (selfSigned && (signedBy || uploaded || isSet(c.certificate_pem))) {
    out.push(error(def, 'self_signed', 'CMS-CERT-SOURCE: self_signed makes both the key and the certificate on the node: leave out signed_by, private_key_wo and certificate_pem.'));
  } else if (signedBy && (uploaded || isSet(c.certificate_pem))) {
    out.push(error(def, 'signed_by', 'CMS-CERT-SOURCE: signed_by signs the request the node makes: leave out private_key_wo and certificate_pem (or drop signed_by to upload a certificate signed elsewhere).'));
  } else if (uploaded) {
    if (!isSet(c.certificate_pem)) out.push(error(def, 'certificate_pem', 'CMS-CERT-SOURCE: an uploaded key (private_key_wo) needs its certificate: set certificate_pem.'));
    if (requestParts.length > 0) out.push(error(def, requestParts[0]!, `CMS-CERT-SOURCE: ${requestParts.join(', ')} describe a request the node makes, but the key is uploaded (private_key_wo): leave them out.`));
  } else if (!isSet(c.common_name) && !selfSigned && !isSet(c.certificate_pem)) {
    out.push(error(def, 'common_name', 'CMS-CERT-SOURCE: the node makes this key and a signing request: set common_name (usually the node\'s FQDN); or upload a key with private_key_wo and certificate_pem; or, for a CA to trust, give certificate_pem alone.'));
  }
  if (signedBy && knownString(c.signed_by) === knownString(c.name)) out.push(error(def, 'signed_by', 'CMS-CERT-SOURCE: a certificate cannot sign itself: signed_by names another certificate (a self_signed one) on the node.'));
  return out;
};

/**
 * MMP user names: a letter, then letters, digits, `.`, `_` or `-`. Deployment rule "backup
 * administrator" (Installation Assistant): an administrator's name is alphanumeric.
 */
const mmpAccountName: Check = (def, c) => {
  const name = knownString(c.name);
  if (name === undefined) return [];
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) return [error(def, 'name', 'CMS-ACCOUNT-NAME: an MMP user name starts with a letter and holds only letters, digits, ".", "_" and "-".')];
  if (knownString(c.role) === 'admin' && !/^[A-Za-z0-9]+$/.test(name)) {
    return [warning(def, 'name', 'Administrator name is not alphanumeric', 'CMS-BACKUP-ADMIN: the Installation Assistant gives administrators alphanumeric names; this one has other characters.')];
  }
  return [];
};

export const CHECKS: Record<CheckName, Check> = { nodePorts, nodeNtpDns, nodeTrust, nodeTls, nodeCertificateSource, mmpAccountName, databaseClusterSize };

/** The deployment rules each check enforces, by id, in words (for the docs). */
export const CHECK_RULE_IDS: Record<CheckName, Array<{ id: string; text: string }>> = {
  nodeTrust: [{ id: 'CMS-C2W-TRUST', text: 'a Web Bridge 3 with a c2w listener trusts a CA (web_bridge_c2w_trust), and a Call Bridge beside it trusts the c2w certificate (call_bridge_c2w_trust): warned.' }],
  nodeTls: [
    { id: 'CMS-TLS-MIN', text: 'a minimum TLS version below 1.2 is warned.' },
    { id: 'CMS-TLS-VERIFY', text: 'certificate verification (enable or ocsp) needs a trust bundle.' },
  ],
  nodeCertificateSource: [{ id: 'CMS-CERT-SOURCE', text: 'one source for the key and certificate: uploaded (private_key_wo with certificate_pem), self_signed, a request (common_name) signed by signed_by or given back as certificate_pem, or certificate_pem alone (a CA to trust).' }],
  mmpAccountName: [
    { id: 'CMS-ACCOUNT-NAME', text: 'user names start with a letter and hold letters, digits, ".", "_" and "-".' },
    { id: 'CMS-BACKUP-ADMIN', text: 'an administrator\'s name that is not alphanumeric is warned (the Installation Assistant\'s rule).' },
  ],
  nodePorts: [
    { id: 'CMS-WEBADMIN-443', text: 'Web Admin is not on port 443 beside a Web Bridge (a web_admin_interface left unset counts as the same interface).' },
    { id: 'CMS-C2W-PORT', text: 'the c2w listener is on neither port 443 nor the Web Admin port.' },
    { id: 'CMS-PORT-CLASH', text: 'no two listeners share an interface and port, and each is listed once.' },
  ],
  nodeNtpDns: [
    { id: 'CMS-NTP', text: '1 to 5 NTP servers, each listed once (names compared without case).' },
    { id: 'CMS-DNS', text: 'at most 5 DNS servers, each listed once.' },
  ],
  databaseClusterSize: [
    { id: 'CMS-DB-SIZE', text: 'at least one database node, never 2 nor more than 5; other even sizes and more than 3 are warned.' },
    { id: 'CMS-DB-MEMBERS', text: 'the primary is one of the nodes; each node is listed once, with its own address; a node holds a database or only connects to the cluster, not both.' },
  ],
};

export function runChecks(def: Definition, config: CtyObject): Diagnostic[] {
  return (def.checks ?? []).flatMap((name) => CHECKS[name](def, config));
}
