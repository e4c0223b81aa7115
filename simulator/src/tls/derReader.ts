/**
 * A minimal DER reader: enough to take a certificate signing request apart (its subject, public
 * key and requested subjectAltName). Node parses certificates (crypto.X509Certificate) but not
 * requests.
 */

export interface DerNode {
  tag: number;
  /** The content bytes. */
  content: Buffer;
  /** The whole encoding, header included. */
  raw: Buffer;
}

export class DerError extends Error {}

/** Reads one TLV at `offset`; returns it and where the next one starts. */
export function readTlv(buffer: Buffer, offset = 0): { node: DerNode; next: number } {
  if (offset + 2 > buffer.length) throw new DerError('truncated DER');
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > buffer.length) throw new DerError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new DerError('truncated DER');
  return { node: { tag, content: buffer.subarray(offset + header, end), raw: buffer.subarray(offset, end) }, next: end };
}

/** The TLVs inside a constructed node (SEQUENCE, SET, context tags). */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const { node: child, next } = readTlv(node.content, offset);
    out.push(child);
    offset = next;
  }
  return out;
}

export function parseDer(buffer: Buffer): DerNode {
  return readTlv(buffer).node;
}

/** Dotted form of an OBJECT IDENTIFIER's content. */
export function oidText(content: Buffer): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}
