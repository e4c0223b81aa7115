/**
 * Meeting Server XML → plain, predictable shapes.
 *
 * The parser runs in fast-xml-parser's ordered mode, which returns every element as an entry of
 * an array. We then build our own nodes from that, so a collection's children are an array
 * whether the server returned zero, one or many of them: nothing depends on the parser guessing
 * which tags are lists. Values are never coerced: `007`, `true`, `1.000` and 20-digit numbers
 * stay exactly as sent; the caller's resource definition decides types.
 */
import type { X2jOptions, XMLParser as XMLParserType } from 'fast-xml-parser';

/** One XML element. Records have no prototype, so element names such as `toString` are safe keys. */
export interface CmsXmlNode {
  /** The element name, e.g. `coSpace`. */
  readonly element: string;
  /** The element's attributes, e.g. `{ id: "…" }` or `/system/database` node data. */
  readonly attributes: Record<string, string>;
  /**
   * The element's own text: the value of a leaf (`<name>x</name>` → `x`, `<passcode/>` → ``);
   * for an element with child elements, the non-whitespace text between them (usually ``).
   */
  readonly text: string;
  /**
   * Simple children flattened: each child element with no attributes and no children of its own,
   * name → text. Empty elements give ``. If a name repeats, the first occurrence is kept here
   * (all occurrences are in {@link children}).
   */
  readonly values: Record<string, string>;
  /** Every child element grouped by name, in document order. Always arrays, even for one child. */
  readonly children: Record<string, CmsXmlNode[]>;
}

/** An object as returned by a member GET (or one item of a list page). */
export interface CmsObject extends CmsXmlNode {
  /** The `id` attribute (a GUID), when the element has one. */
  readonly id?: string;
}

/** One page of a collection GET: `<coSpaces total="N"><coSpace id="…">…</coSpace>…</coSpaces>`. */
export interface CmsListPage {
  /** The plural root element name, e.g. `coSpaces`. */
  readonly element: string;
  /**
   * All objects matching the query, not the page size. Falls back to the number of items when
   * the server sent no (or a malformed) `total` attribute.
   */
  readonly total: number;
  /** Whether `total` came from the server's `total` attribute. */
  readonly totalReported: boolean;
  readonly items: CmsObject[];
  /** The root's attributes (including `total`, as sent). */
  readonly attributes: Record<string, string>;
}

/** Raised when a body is not the XML we expect; the client wraps it into a response error. */
export class CmsXmlError extends Error {
  override readonly name = 'CmsXmlError';
}

type OrderedEntry = Record<string, unknown>;

const TEXT = '#text';
const ATTRS = ':@';

let parser: XMLParserType | undefined;

/** Child elements of each built node in document order (used to keep list items in order). */
const documentOrder = new WeakMap<CmsXmlNode, CmsXmlNode[]>();

/** Built on first use so importing this module costs nothing. */
function getParser(): XMLParserType {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { XMLParser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
    const options: X2jOptions = {
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      textNodeName: TEXT,
      parseTagValue: false,
      parseAttributeValue: false,
      // Keep leaf text verbatim (a name may start with a space); whitespace between elements of
      // pretty-printed input is dropped below instead.
      trimValues: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      // The five XML entities are always decoded; this also decodes numeric character
      // references (`&#20013;`), which the XML-only mode leaves as they are.
      htmlEntities: true,
      // Names such as `toString` are kept as they are: our records have no prototype. (The
      // parser still refuses `__proto__`, `constructor` and `prototype`, which the API never uses.)
      onDangerousProperty: (name: string) => name,
    };
    parser = new XMLParser(options);
  }
  return parser;
}

function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function isWhitespace(s: string): boolean {
  return /^[\s]*$/.test(s);
}

/** Element name of an ordered entry, or undefined for text/comment entries. */
function entryName(entry: OrderedEntry): string | undefined {
  for (const key of Object.keys(entry)) {
    if (key !== ATTRS && key !== TEXT) return key;
  }
  return undefined;
}

function buildNode(entry: OrderedEntry, name: string): CmsXmlNode {
  const attributes = record<string>();
  const rawAttrs = entry[ATTRS];
  if (rawAttrs && typeof rawAttrs === 'object') {
    for (const [k, v] of Object.entries(rawAttrs as Record<string, unknown>)) attributes[k] = String(v);
  }
  const values = record<string>();
  const children = record<CmsXmlNode[]>();
  const texts: string[] = [];
  const ordered: CmsXmlNode[] = [];
  const content = entry[name];
  if (Array.isArray(content)) {
    for (const child of content as OrderedEntry[]) {
      const childName = entryName(child);
      if (childName === undefined) {
        const t = child[TEXT];
        if (t !== undefined) texts.push(String(t));
        continue;
      }
      const node = buildNode(child, childName);
      ordered.push(node);
      (children[childName] ??= []).push(node);
      const simple = Object.keys(node.attributes).length === 0 && Object.keys(node.children).length === 0;
      if (simple && !(childName in values)) values[childName] = node.text;
    }
  }
  let text = texts.join('');
  if (ordered.length > 0 && isWhitespace(text)) text = '';
  const node: CmsXmlNode = { element: name, attributes, text, values, children };
  documentOrder.set(node, ordered);
  return node;
}

/**
 * Parse a body into its root element. The prolog is optional, compact and pretty-printed input
 * are equivalent; anything other than exactly one well-formed root element is an error.
 */
export function parseXml(body: string): CmsXmlNode {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new CmsXmlError('the body is empty');
  return parseCommon(trimmed) ?? parseGeneral(trimmed);
}

/** Any XML, through fast-xml-parser's validator and parser. */
export function parseGeneral(trimmed: string): CmsXmlNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLValidator } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) throw new CmsXmlError(`the body is not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
  let entries: OrderedEntry[];
  try {
    entries = getParser().parse(trimmed) as OrderedEntry[];
  } catch (err) {
    throw new CmsXmlError(`the body could not be parsed as XML (${(err as Error).message})`);
  }
  const roots = entries.filter((e) => entryName(e) !== undefined);
  if (roots.length !== 1) throw new CmsXmlError(`expected one root element, found ${roots.length}`);
  const root = roots[0]!;
  return buildNode(root, entryName(root)!);
}

// ---------------------------------------------------------------------------------------------
// The common case, read directly

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const SPACE = /[ \t\r\n]*/y;
// Carriage returns are left to the general parser, which turns line ends into \n as XML says.
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<&\r]*)"|'([^'<&\r]*)')/y;
const CHARACTERS = /[^<&\r]*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const DECLARATION = /<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<>]*"|'[^'<>]*'))*[ \t\r\n]*\?>/y;

class NotCommon extends Error {}

/**
 * What Meeting Servers send, read in one pass: an optional XML declaration, then elements with
 * plain attributes and text with the XML entities and character references. It builds exactly
 * the nodes parseGeneral builds, and returns undefined for anything else (comments, CDATA,
 * DOCTYPE, other entities, namespaces, any error), which parseGeneral then reads or refuses.
 */
export function parseCommon(xml: string): CmsXmlNode | undefined {
  let pos = 0;
  const fail = (): never => {
    throw new NotCommon();
  };
  const match = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const m = re.exec(xml);
    if (m) pos = re.lastIndex;
    return m;
  };
  const text = (): string => {
    let out = '';
    for (;;) {
      out += match(CHARACTERS)![0];
      const c = xml.charCodeAt(pos);
      if (c === 13 /* \r */) fail();
      if (c !== 38 /* & */) return out;
      const e = match(ENTITY) ?? fail();
      if (e[1]) out += NAMED[e[1]];
      else {
        const code = e[2] !== undefined ? Number(e[2]) : parseInt(e[3], 16);
        // Control characters and non-characters are left to the general parser's own rules.
        if (!(code === 9 || code === 10 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) fail();
        out += String.fromCodePoint(code);
      }
    }
  };
  const element = (): CmsXmlNode => {
    pos++; // <
    const name = (match(NAME) ?? fail())[0];
    const attributes = record<string>();
    for (let a = match(ATTRIBUTE); a; a = match(ATTRIBUTE)) {
      if (a[1] in attributes) fail();
      attributes[a[1]] = a[2] ?? a[3];
    }
    match(SPACE);
    const values = record<string>();
    const children = record<CmsXmlNode[]>();
    const ordered: CmsXmlNode[] = [];
    let own = '';
    if (xml.startsWith('/>', pos)) pos += 2;
    else {
      if (xml.charCodeAt(pos) !== 62 /* > */) fail();
      pos++;
      for (;;) {
        own += text();
        if (pos >= xml.length) fail();
        const next = xml.charCodeAt(pos + 1);
        if (next === 47 /* / */) {
          pos += 2;
          if ((match(NAME) ?? fail())[0] !== name) fail();
          match(SPACE);
          if (xml.charCodeAt(pos) !== 62) fail();
          pos++;
          break;
        }
        if (next === 33 /* ! */ || next === 63 /* ? */) fail();
        const child = element();
        ordered.push(child);
        (children[child.element] ??= []).push(child);
        const simple = Object.keys(child.attributes).length === 0 && Object.keys(child.children).length === 0;
        if (simple && !(child.element in values)) values[child.element] = child.text;
      }
    }
    if (ordered.length > 0 && isWhitespace(own)) own = '';
    const node: CmsXmlNode = { element: name, attributes, text: own, values, children };
    documentOrder.set(node, ordered);
    return node;
  };
  try {
    match(DECLARATION);
    match(SPACE);
    if (xml.charCodeAt(pos) !== 60 /* < */) return undefined;
    const root = element();
    match(SPACE);
    return pos === xml.length ? root : undefined;
  } catch (err) {
    if (err instanceof NotCommon) return undefined;
    throw err;
  }
}

/** View a node as an object: the same node plus its `id` attribute lifted out. */
export function toCmsObject(node: CmsXmlNode): CmsObject {
  const id = node.attributes['id'];
  return id === undefined ? { ...node } : { ...node, id };
}

/** Parse a member GET body (`<coSpace id="…">…</coSpace>`, `<status>…</status>`, …). */
export function parseObject(body: string): CmsObject {
  return toCmsObject(parseXml(body));
}

/** Parse a collection GET body. Every child of the root is an item, whatever its count. */
export function parseListPage(body: string): CmsListPage {
  const root = parseXml(body);
  const items = (documentOrder.get(root) ?? []).map(toCmsObject);
  const rawTotal = root.attributes['total'];
  const parsed = rawTotal !== undefined && /^\d+$/.test(rawTotal.trim()) ? Number(rawTotal.trim()) : undefined;
  return {
    element: root.element,
    total: parsed ?? items.length,
    totalReported: parsed !== undefined,
    items,
    attributes: root.attributes,
  };
}

/** The reason and details of a `<failureDetails>` body. */
export interface CmsFailureDetails {
  /** The reason code: the child element's name, e.g. `coSpaceDoesNotExist`, `parameterError`. */
  readonly reason: string;
  /** Its attributes, e.g. `{ parameter: "uri", error: "invalidValue" }`. */
  readonly attributes: Record<string, string>;
  /** Further reasons if the server listed more than one (not seen in practice). */
  readonly others: { reason: string; attributes: Record<string, string> }[];
}

/** Read `<failureDetails><REASON …/></failureDetails>`; undefined for any other body. */
export function parseFailureDetails(body: string): CmsFailureDetails | undefined {
  let root: CmsXmlNode;
  try {
    root = parseXml(body);
  } catch {
    return undefined;
  }
  if (root.element !== 'failureDetails') return undefined;
  const reasons = (documentOrder.get(root) ?? []).map((n) => ({ reason: n.element, attributes: n.attributes }));
  const first = reasons.shift();
  if (!first) return undefined;
  return { reason: first.reason, attributes: first.attributes, others: reasons };
}
