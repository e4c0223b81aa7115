/**
 * Request bodies are `application/x-www-form-urlencoded` (cms-api.md §1.3). The server is
 * lenient about the Content-Type header, so the body is parsed as a form whatever it says.
 */

/** Name/value pairs in body order (repeated names are kept; the validator picks the winner). */
export function parseForm(body: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return pairs;
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '') continue;
    pairs.push([name, value]);
  }
  return pairs;
}
