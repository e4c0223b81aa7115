/**
 * Finding a value in a GET response: an element named like the parameter (the usual case), a
 * path of elements (`features/callBridge/status`), or an XML attribute (`@clustered`,
 * `cluster/@totalNodes`), as a definition's `xml` property says.
 */
import type { CmsXmlNode } from '../cms/xml';

function walk(node: CmsXmlNode, elements: string[]): CmsXmlNode | undefined {
  let current: CmsXmlNode | undefined = node;
  for (const name of elements) current = current?.children[name]?.[0];
  return current;
}

/** The text at the path, or undefined when the response has nothing there. */
export function extractText(node: CmsXmlNode, path: string): string | undefined {
  if (!path.includes('/') && !path.startsWith('@')) return node.values[path] ?? node.children[path]?.[0]?.text;
  const steps = path.split('/');
  const last = steps[steps.length - 1];
  if (last.startsWith('@')) return walk(node, steps.slice(0, -1))?.attributes[last.slice(1)];
  return walk(node, steps)?.text;
}

/** Every element at the path: `cluster/node` gives all `<node>` children of `<cluster>`. */
export function extractNodes(node: CmsXmlNode, path: string): CmsXmlNode[] {
  const steps = path.split('/');
  const parent = walk(node, steps.slice(0, -1));
  return parent?.children[steps[steps.length - 1]] ?? [];
}
