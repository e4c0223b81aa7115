/**
 * Named value formats checked at plan time. Each says what is wrong in words a user can act on;
 * the Meeting Server itself would only answer `parameterError ... invalidValue`.
 */
import type { FormatName } from './definition';

export interface FormatCheck {
  /** Returns an explanation when the value is not in the format, or undefined when it is. */
  check(value: string): string | undefined;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[?[0-9a-fA-F:]+(%\w+)?\]?$/;

function isHost(value: string): boolean {
  if (IPV4.test(value)) return true;
  if (value.includes(':')) return IPV6.test(value) && value.replace(/[[\]]/g, '').split(':').length > 2;
  if (value.length > 253) return false;
  return value.split('.').every((label) => HOST_LABEL.test(label));
}

function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
}

/** Splits `host[:port]` or `[v6]:port`. */
function splitHostPort(value: string): { host: string; port?: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1], port: v6[2] };
  const i = value.lastIndexOf(':');
  if (i > 0 && value.indexOf(':') === i) return { host: value.slice(0, i), port: value.slice(i + 1) };
  return { host: value };
}

function urlCheck(schemes: string[], what: string): FormatCheck {
  return {
    check(value) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `must be ${what} starting with ${schemes.map((s) => `${s}://`).join(' or ')}`;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return `must be ${what}, for example ${schemes[0]}://host.example.com`;
      }
      const scheme = url.protocol.replace(/:$/, '');
      if (!schemes.includes(scheme)) return `must use ${schemes.map((s) => `${s}://`).join(' or ')}, not ${scheme}://`;
      if (!url.hostname) return 'must name a host';
      return undefined;
    },
  };
}

/**
 * Matches `$attribute$` placeholders, and the sed-like form that rewrites part of the value,
 * `$mail|'/@test/@xmpp/'$` (the replacement may hold `$`, and escaped quotes).
 */
const PLACEHOLDER = /\$[A-Za-z0-9_.;-]+(?:\|'(?:[^'\\]|\\.)*')?\$/g;

/** A DN's attribute=value parts: RDNs split on unescaped commas, multi-valued RDNs on unescaped `+`. */
function isDistinguishedName(v: string): boolean {
  return v.split(/(?<!\\),/).every((rdn) => rdn.split(/(?<!\\)\+/).every((atv) => /^\s*(?:[A-Za-z][\w-]*|\d+(?:\.\d+)*)\s*=[\s\S]+$/.test(atv)));
}

export const FORMATS: Record<FormatName, FormatCheck> = {
  guid: {
    check: (v) => (GUID.test(v) ? undefined : 'must be an object id (a GUID such as 9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7); reference the other resource\'s id attribute'),
  },
  url: urlCheck(['https', 'http'], 'an http(s) URL'),
  c2wUrl: {
    check(v) {
      const problem = urlCheck(['c2w'], 'a Web Bridge c2w URL').check(v);
      if (problem) return problem;
      // Deployment rule CMS-C2W-PORT: 443 belongs to the web app.
      return new URL(v).port === '443' ? 'must not use port 443 (CMS-C2W-PORT): the Call Bridge to Web Bridge port is usually 9999' : undefined;
    },
  },
  host: {
    check: (v) => (isHost(v) ? undefined : 'must be a host name or an IP address, without a scheme or port'),
  },
  hostPort: {
    check(v) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^sips?:/i.test(v)) return 'must be a host name or IP address, optionally followed by :port, without a scheme';
      const { host, port } = splitHostPort(v);
      if (!isHost(host)) return 'must be a host name or IP address, optionally followed by :port';
      if (port !== undefined && !/^\d+$/.test(port)) return 'must end in :port with a numeric port';
      if (port !== undefined && !isPort(port)) return 'has a port outside 1-65535';
      return undefined;
    },
  },
  passcode: {
    check: (v) => (/^\d+$/.test(v) ? undefined : 'must be digits only (callers type it on a keypad)'),
  },
  streamUrl: urlCheck(['rtmp', 'rtmps'], 'an RTMP or RTMPS streaming URL'),
  domain: {
    check: (v) => (!v.includes(':') && isHost(v) ? undefined : 'must be a domain name such as example.com'),
  },
  uriUserPart: {
    check: (v) =>
      /^[A-Za-z0-9!$&'()*+,;=._~%-]+$/.test(v)
        ? undefined
        : 'must be the user part of a URI only (the part before @), without spaces',
  },
  numericId: {
    check: (v) => (/^\d{1,20}$/.test(v) ? undefined : 'must be digits only (a numeric call ID)'),
  },
  dtmf: {
    check: (v) => (/^[0-9*#]+$/.test(v) ? undefined : 'must be a DTMF sequence of digits, * and #'),
  },
  uriGenerator: {
    check(v) {
      if (!/^[A-Za-z0-9._$-]+$/.test(v)) return 'may contain only letters, digits, ".", "-", "_" and "$"';
      const dollars = v.split('$').length - 1;
      if (dollars !== 1) return `must contain exactly one "$" (found ${dollars}); it is replaced by the space's URI`;
      return undefined;
    },
  },
  ldapFilter: {
    check(v) {
      if (!v.startsWith('(') || !v.endsWith(')')) return 'must be an LDAP filter in parentheses, for example (objectClass=person)';
      let depth = 0;
      for (const ch of v) {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        if (depth < 0) return 'has unbalanced parentheses';
      }
      return depth === 0 ? undefined : 'has unbalanced parentheses';
    },
  },
  ldapDn: {
    check: (v) => (isDistinguishedName(v) ? undefined : 'must be a distinguished name such as ou=people,dc=example,dc=com (escape a comma inside a value as \\,)'),
  },
  mappingTemplate: {
    check(v) {
      if (v.replace(PLACEHOLDER, '').includes('$')) {
        return 'has an unmatched "$": LDAP attributes are written $attributeName$, or $attributeName|\'/regex/replacement/\'$ to rewrite part of the value';
      }
      return undefined;
    },
  },
  interfacePort: {
    check(v) {
      const m = /^([a-e]):(\d{1,5})$/.exec(v);
      if (!m) return 'must be an interface and port such as a:443 (interfaces a to e)';
      return isPort(m[2]) ? undefined : 'has a port outside 1-65535';
    },
  },
  interface: {
    check: (v) => (/^[a-e]$/.test(v) ? undefined : 'must be a network interface name, a to e'),
  },
  mmpFileName: {
    check: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? undefined : 'must be a file name on the MMP (uploaded with SFTP), without a path'),
  },
  sipUri: {
    check: (v) =>
      /^(sips?:)?[^@\s]+@[^@\s]+$/.test(v) ? undefined : 'must be a SIP URI such as recorder@recorder.example.com',
  },
};
