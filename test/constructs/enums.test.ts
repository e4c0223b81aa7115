/**
 * The constructs' enums give API values friendlier names; the definitions are the source of
 * truth for which values exist. A value the definition does not allow fails here, not at plan.
 */
import { DATA_SOURCE_DEFINITIONS, RESOURCE_DEFINITIONS } from '../../provider/src/resources/catalog.generated';
import { LastActivatorLeaves, Layout, RecordingMode, TurnServerType } from '../../constructs/src';

function allowed(typeName: string, attribute: string): string[] {
  const def = [...RESOURCE_DEFINITIONS, ...DATA_SOURCE_DEFINITIONS].find((d) => d.typeName === typeName);
  const values = def?.attributes[attribute]?.enum;
  if (!values) throw new Error(`${typeName}.${attribute} has no enum`);
  return values;
}

it.each([
  { name: 'Layout', values: Layout, typeName: 'cms_call_leg_profile', attribute: 'default_layout' },
  { name: 'RecordingMode', values: RecordingMode, typeName: 'cms_call_profile', attribute: 'recording_mode' },
  { name: 'LastActivatorLeaves', values: LastActivatorLeaves, typeName: 'cms_call_leg_profile', attribute: 'deactivation_mode' },
  { name: 'TurnServerType', values: TurnServerType, typeName: 'cms_turn_server', attribute: 'type' },
])('$name only holds values that $typeName allows for $attribute', ({ values, typeName, attribute }) => {
  const wanted = allowed(typeName, attribute);
  for (const v of Object.values(values as Record<string, string>)) expect({ value: v, allowed: wanted.includes(v) }).toEqual({ value: v, allowed: true });
});
