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

function error(def: Definition, attribute: string, detail: string): Diagnostic {
  return { severity: 'error', summary: `Invalid ${attribute} for ${def.typeName}`, detail, attribute: [attribute] };
}

function duplicates(items: string[]): string[] {
  return [...new Set(items.filter((x, i) => items.indexOf(x) !== i))];
}

/** Web Admin, Web Bridge 3 and the c2w listener must not share a port on one interface. */
const nodePorts: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const adminIface = knownString(c.web_admin_interface);
  const adminPort = knownNumber(c.web_admin_port);
  const https = (knownList(c.web_bridge_https_listen) ?? []).map(listener).filter((l) => l !== undefined);
  const c2w = listener(knownString(c.web_bridge_c2w_listen) ?? '');
  if (adminIface !== undefined && adminPort === 443 && https.some((l) => l.iface === adminIface)) {
    out.push(error(def, 'web_admin_port', `Web Admin cannot listen on port 443 when a Web Bridge listens on the same interface (${adminIface}) (deployment rule "Web Admin port with a Web Bridge"). Move the Web Admin to another port, such as 445 or 8443.`));
  } else if (adminIface !== undefined && adminPort !== undefined && https.some((l) => l.iface === adminIface && l.port === adminPort)) {
    out.push(error(def, 'web_admin_port', `Web Admin and the Web Bridge both listen on ${adminIface}:${adminPort}. Give them different ports.`));
  }
  if (c2w && c2w.port === 443) {
    out.push(error(def, 'web_bridge_c2w_listen', 'The Call Bridge to Web Bridge (c2w) port must not be 443 (deployment rule "c2w port"); the usual port is 9999.'));
  } else if (c2w && adminPort !== undefined && c2w.port === adminPort && (adminIface === undefined || c2w.iface === adminIface)) {
    out.push(error(def, 'web_bridge_c2w_listen', `The c2w port ${c2w.port} is the Web Admin port (deployment rule "c2w port"); use another, such as 9999.`));
  } else if (c2w && https.some((l) => l.iface === c2w.iface && l.port === c2w.port)) {
    out.push(error(def, 'web_bridge_c2w_listen', `The c2w listener ${c2w.iface}:${c2w.port} is also a Web Bridge HTTPS listener; use another port, such as 9999.`));
  }
  return out;
};

/** Installation Assistant limits: at least one and at most 5 NTP servers, at most 5 DNS servers, no repeats. */
const nodeNtpDns: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const ntp = knownList(c.ntp_servers);
  if (ntp) {
    if (ntp.length === 0) out.push(error(def, 'ntp_servers', 'A node needs at least one NTP server (deployment rule "NTP"); list one, or leave ntp_servers out to leave NTP unmanaged.'));
    if (ntp.length > 5) out.push(error(def, 'ntp_servers', `At most 5 NTP servers are allowed (deployment rule "NTP"); ${ntp.length} are listed.`));
    const dup = duplicates(ntp);
    if (dup.length) out.push(error(def, 'ntp_servers', `NTP servers are listed twice: ${dup.join(', ')}.`));
  }
  const dns = knownList(c.dns_servers);
  if (dns) {
    if (dns.length > 5) out.push(error(def, 'dns_servers', `At most 5 DNS servers are allowed (deployment rule "DNS"); ${dns.length} are listed.`));
    const dup = duplicates(dns);
    if (dup.length) out.push(error(def, 'dns_servers', `DNS servers are listed twice: ${dup.join(', ')}.`));
  }
  return out;
};

/** Database clusters: odd sizes, 3 recommended, never 2; the primary is one of the nodes. */
const databaseClusterSize: Check = (def, c) => {
  const out: Diagnostic[] = [];
  const nodes = c.nodes;
  if (nodes === null || nodes === undefined || isUnknown(nodes) || typeof nodes !== 'object' || Array.isArray(nodes)) return out;
  const names = Object.keys(nodes);
  const n = names.length;
  const rule = '(deployment rule "database cluster size": use an odd number of nodes, 3 recommended)';
  if (n === 2) out.push(error(def, 'nodes', `A database cluster of 2 nodes is refused: losing either node stops all writes ${rule}. Use 3 nodes, or 1 without clustering.`));
  else if (n > 5) out.push(error(def, 'nodes', `A database cluster has at most 5 nodes; ${n} are listed ${rule}.`));
  else if (n % 2 === 0) out.push({ severity: 'warning', summary: `Even-sized database cluster in ${def.typeName}`, detail: `${n} database nodes: an even number gives no more resilience than ${n - 1} ${rule}.`, attribute: ['nodes'] });
  else if (n > 3) out.push({ severity: 'warning', summary: `Large database cluster in ${def.typeName}`, detail: `${n} database nodes: the recommendation is a maximum of 3 ${rule}.`, attribute: ['nodes'] });
  else if (n === 1) out.push({ severity: 'warning', summary: `Single-node database cluster in ${def.typeName}`, detail: `1 database node gives no resilience ${rule}.`, attribute: ['nodes'] });
  const primary = knownString(c.primary);
  if (primary !== undefined && !names.includes(primary)) out.push(error(def, 'primary', `primary ${JSON.stringify(primary)} is not one of the nodes (${names.join(', ')}).`));
  const connected = knownList(c.connected_nodes) ?? [];
  const both = connected.filter((x) => names.includes(x));
  if (both.length) out.push(error(def, 'connected_nodes', `${both.join(', ')} cannot both hold a database node and only connect to the cluster; list each node once.`));
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
    out.push(warning(def, 'web_bridge_c2w_trust', 'Web Bridge 3 trusts no Call Bridge', 'Web Bridge 3 listens for Call Bridges on c2w but web_bridge_c2w_trust is not set (deployment rule "c2w trust"): set it to the CA bundle that signed the Call Bridge certificates, or the web app cannot join meetings.'));
  }
  const listens = knownList(c.call_bridge_listen_interfaces);
  if (c2w !== undefined && listens !== undefined && listens.length > 0 && c.call_bridge_c2w_trust === null) {
    out.push(warning(def, 'call_bridge_c2w_trust', 'The Call Bridge trusts no Web Bridge 3', 'This node runs a Call Bridge and a Web Bridge 3 c2w listener but call_bridge_c2w_trust is not set (deployment rule "c2w trust"): set it to the CA bundle that signed the Web Bridge c2w certificate.'));
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
      out.push(warning(def, attribute, `TLS ${version} allowed for ${service}`, `${attribute} = "${version}" lets clients use TLS below 1.2 (deployment rule "minimum TLS 1.2"); only lower it for a peer that cannot do better.`));
    }
    const verify = knownString(c[`${service}_certificate_verification`]);
    if ((verify === 'enable' || verify === 'ocsp') && c[`${service}_trust_bundle`] === null) {
      out.push(error(def, `${service}_trust_bundle`, `${service}_certificate_verification = "${verify}" checks peers against ${service}_trust_bundle, which is not set: set it to the CA bundle (uploaded to the node) that signed the ${service.toUpperCase()} servers' certificates.`));
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
    out.push(error(def, 'self_signed', 'self_signed makes both the key and the certificate on the node: leave out signed_by, private_key_wo and certificate_pem.'));
  } else if (signedBy && (uploaded || isSet(c.certificate_pem))) {
    out.push(error(def, 'signed_by', 'signed_by signs the request the node makes: leave out private_key_wo and certificate_pem (or drop signed_by to upload a certificate signed elsewhere).'));
  } else if (uploaded) {
    if (!isSet(c.certificate_pem)) out.push(error(def, 'certificate_pem', 'An uploaded key (private_key_wo) needs its certificate: set certificate_pem.'));
    if (requestParts.length > 0) out.push(error(def, requestParts[0]!, `${requestParts.join(', ')} describe a request the node makes, but the key is uploaded (private_key_wo): leave them out.`));
  } else if (!isSet(c.common_name) && !selfSigned && !isSet(c.certificate_pem)) {
    out.push(error(def, 'common_name', 'The node makes this key and a signing request: set common_name (usually the node\'s FQDN); or upload a key with private_key_wo and certificate_pem; or, for a CA to trust, give certificate_pem alone.'));
  }
  if (signedBy && knownString(c.signed_by) === knownString(c.name)) out.push(error(def, 'signed_by', 'A certificate cannot sign itself: signed_by names another certificate (a self_signed one) on the node.'));
  return out;
};

/**
 * MMP user names: a letter, then letters, digits, `.`, `_` or `-`. Deployment rule "backup
 * administrator" (Installation Assistant): an administrator's name is alphanumeric.
 */
const mmpAccountName: Check = (def, c) => {
  const name = knownString(c.name);
  if (name === undefined) return [];
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) return [error(def, 'name', 'An MMP user name starts with a letter and holds only letters, digits, ".", "_" and "-".')];
  if (knownString(c.role) === 'admin' && !/^[A-Za-z0-9]+$/.test(name)) {
    return [warning(def, 'name', 'Administrator name is not alphanumeric', `The Installation Assistant gives administrators alphanumeric names (deployment rule "backup administrator"); ${JSON.stringify(name)} has other characters.`)];
  }
  return [];
};

export const CHECKS: Record<CheckName, Check> = { nodePorts, nodeNtpDns, nodeTrust, nodeTls, nodeCertificateSource, mmpAccountName, databaseClusterSize };

export function runChecks(def: Definition, config: CtyObject): Diagnostic[] {
  return (def.checks ?? []).flatMap((name) => CHECKS[name](def, config));
}
