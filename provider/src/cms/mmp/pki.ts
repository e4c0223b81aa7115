/**
 * What `pki list` and `pki inspect` print (cms-api.md §3.3): the files in the MMP root, and a
 * certificate's subject, issuer, validity, alternative names and fingerprint. `inspect` prints
 * OpenSSL's text form; only the lines named here are read, so other lines do no harm.
 */
import { outputLines } from './statusBlock';

export interface MmpCertificateInfo {
  readonly subject?: string;
  readonly issuer?: string;
  /** ISO 8601 (UTC). */
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly serial?: string;
  /** `DNS:a`, `IP Address:1.2.3.4` entries as printed, without the prefix (`a`, `1.2.3.4`). */
  readonly altNames: readonly string[];
  /** `AB:CD:…`, upper case. */
  readonly fingerprintSha256?: string;
  readonly isCa?: boolean;
}

/** File names listed by `pki list` (lines that are one bare file name; headings are skipped). */
export function parsePkiList(text: string): string[] {
  return outputLines(text)
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z0-9._-]+$/.test(l) && /\.[A-Za-z0-9]+$/.test(l));
}

/** `O = x, CN = y` or `O=x, CN=y` → `O=x, CN=y`. */
function normaliseName(text: string): string {
  return text
    .split(/,\s*/)
    .map((part) => part.replace(/\s*=\s*/, '='))
    .join(', ');
}

function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The first certificate of `pki inspect` output (a bundle's first is its leaf). */
export function parsePkiInspect(text: string): MmpCertificateInfo {
  const lines = outputLines(text);
  const start = lines.findIndex((l) => /^\s*Certificate:\s*$/.test(l));
  const end = start >= 0 ? lines.findIndex((l, i) => i > start && /^\s*Certificate:\s*$/.test(l)) : -1;
  const block = start >= 0 ? lines.slice(start, end > 0 ? end : undefined) : lines;
  const field = (pattern: RegExp): string | undefined => {
    for (const line of block) {
      const m = pattern.exec(line);
      if (m) return m[1]!.trim();
    }
    return undefined;
  };
  const sanHeading = block.findIndex((l) => /X509v3 Subject Alternative Name:/.test(l));
  const sanLine = sanHeading >= 0 ? block[sanHeading + 1] ?? '' : '';
  const altNames = sanLine
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address|IP|URI|email):/, ''))
    .filter(Boolean);
  const subject = field(/^\s*Subject:\s*(.*)$/);
  const issuer = field(/^\s*Issuer:\s*(.*)$/);
  const serial = field(/^\s*Serial Number:\s*(\S.*)$/);
  const fingerprint = field(/SHA256 Fingerprint=\s*([0-9A-Fa-f:]+)/);
  const ca = field(/CA:(TRUE|FALSE)/);
  const info: MmpCertificateInfo = {
    altNames,
    ...(subject ? { subject: normaliseName(subject) } : {}),
    ...(issuer ? { issuer: normaliseName(issuer) } : {}),
    ...(isoDate(field(/^\s*Not Before\s*:\s*(.*)$/)) ? { notBefore: isoDate(field(/^\s*Not Before\s*:\s*(.*)$/)) } : {}),
    ...(isoDate(field(/^\s*Not After\s*:\s*(.*)$/)) ? { notAfter: isoDate(field(/^\s*Not After\s*:\s*(.*)$/)) } : {}),
    ...(serial ? { serial: serial.toLowerCase() } : {}),
    ...(fingerprint ? { fingerprintSha256: fingerprint.toUpperCase() } : {}),
    ...(ca ? { isCa: ca === 'TRUE' } : {}),
  };
  return info;
}
