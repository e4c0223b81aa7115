import { DATA_SOURCE_DEFINITIONS, RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';
import type { Definition } from '../../../provider/src/resources/definition';

export function definition(typeName: string): Definition {
  const def = [...RESOURCE_DEFINITIONS, ...DATA_SOURCE_DEFINITIONS].find((d) => d.typeName === typeName);
  if (!def) throw new Error(`no definition ${typeName}`);
  return def;
}
