/**
 * Compact XML writer in the Meeting Server's style: one line, no indentation, an
 * `<?xml version="1.0"?>` prolog, empty elements self-closed (cms-api.md §1.4).
 */

export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  /** Either child elements or text; neither gives an empty element. */
  children?: XmlElement[];
  text?: string;
}

export const XML_PROLOG = '<?xml version="1.0"?>';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface WriteOptions {
  /** Text placed before the `/>` of empty elements (' ' gives `<x />`). */
  emptyElementSpace?: boolean;
}

export function writeElement(el: XmlElement, options: WriteOptions = {}): string {
  const attrs = Object.entries(el.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const hasChildren = el.children !== undefined && el.children.length > 0;
  const hasText = el.text !== undefined && el.text !== '';
  if (!hasChildren && !hasText) return `<${el.name}${attrs}${options.emptyElementSpace ? ' ' : ''}/>`;
  const inner = hasChildren ? el.children!.map((c) => writeElement(c, options)).join('') : escapeXml(el.text!);
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}

export function writeDocument(root: XmlElement, options: WriteOptions = {}): string {
  return XML_PROLOG + writeElement(root, options);
}

/** Shorthand for a text element. */
export function textElement(name: string, text: string): XmlElement {
  return { name, text };
}
