import { decodeMsgpack, encodeMsgpack } from '../../../provider/src/plugin/codec';
import { impliedType } from '../../../provider/src/plugin/cty-type';
import { silentLogger } from '../../../provider/src/plugin/logging';
import type * as pb from '../../../provider/src/plugin/protocol-messages';
import { decodeMessage, encodeMessage, messageType } from '../../../provider/src/plugin/protocol';
import { createProviderRpcs } from '../../../provider/src/plugin/provider-service';
import { UNKNOWN } from '../../../provider/src/plugin/types';
import type { CtyObject, ProviderHandlers, ProviderSchema, SchemaBlock } from '../../../provider/src/plugin/types';

const block: SchemaBlock = {
  attributes: [
    { name: 'id', type: 'string', computed: true },
    { name: 'name', type: 'string', required: true },
    { name: 'password', type: 'string', optional: true, writeOnly: true, sensitive: true },
  ],
  blockTypes: [{ typeName: 'rule', nesting: 'list', block: { attributes: [{ name: 'port', type: 'number', optional: true }] } }],
};
const schema: ProviderSchema = {
  provider: { version: 0, block: { attributes: [{ name: 'url', type: 'string', optional: true }] } },
  resourceSchemas: { cms_thing: { version: 2, block } },
  dataSourceSchemas: {},
};
const type = impliedType(block);
const dv = (v: CtyObject | null): pb.DynamicValueMessage => ({ msgpack: Buffer.from(encodeMsgpack(v, type)), json: Buffer.alloc(0) });
const value = (m: pb.DynamicValueMessage | undefined): unknown => decodeMsgpack(m?.msgpack ?? new Uint8Array(), type);

function handlers(overrides: Partial<ProviderHandlers> = {}): ProviderHandlers {
  const fail = async (): Promise<never> => {
    throw new Error('not expected');
  };
  return {
    getProviderSchema: () => schema,
    validateProviderConfig: async () => [],
    configureProvider: async () => [],
    validateResourceConfig: async () => [],
    upgradeResourceState: fail,
    readResource: fail,
    planResourceChange: fail,
    applyResourceChange: fail,
    importResourceState: fail,
    validateDataResourceConfig: async () => [],
    readDataSource: fail,
    stopProvider: async () => undefined,
    ...overrides,
  };
}

describe('the Provider service', () => {
  it('answers GetProviderSchema with the schema and capabilities, through protobuf', async () => {
    const rpcs = createProviderRpcs(handlers(), silentLogger);
    const res = await rpcs.GetProviderSchema({});
    const Response = messageType('tfplugin6.GetProviderSchema.Response');
    const decoded = decodeMessage<pb.GetProviderSchemaResponse>(Response, encodeMessage(Response, res));
    expect(decoded.server_capabilities).toEqual({ get_provider_schema_optional: true, plan_destroy: false, move_resource_state: false });
    const thing = decoded.resource_schemas.cms_thing;
    expect(thing.version).toBe(2);
    expect(thing.block.attributes.map((a) => [a.name, a.type?.toString(), a.required, a.computed, a.write_only])).toEqual([
      ['id', '"string"', false, true, false],
      ['name', '"string"', true, false, false],
      ['password', '"string"', false, false, true],
    ]);
    expect(thing.block.block_types[0]).toMatchObject({ type_name: 'rule', nesting: 'LIST' });
    expect(decoded.provider).toBeDefined();
  });

  it('loads handlers from a factory once, lazily', async () => {
    const factory = jest.fn(async () => handlers());
    const rpcs = createProviderRpcs(factory, silentLogger);
    expect(factory).not.toHaveBeenCalled();
    await Promise.all([rpcs.GetProviderSchema({}), rpcs.GetMetadata({})]);
    expect(factory).toHaveBeenCalledTimes(1);
    expect((await rpcs.GetMetadata({})).resources).toEqual([{ type_name: 'cms_thing' }]);
  });

  it('plans with decoded values and encodes the planned state with every key, write-only nulled', async () => {
    let seen: unknown;
    const rpcs = createProviderRpcs(
      handlers({
        planResourceChange: async (req) => {
          seen = req;
          return { plannedState: { ...req.proposedNewState, id: UNKNOWN, password: 'leak?' }, requiresReplace: [['name'], ['rule', 0, 'port'], [{ key: 'k' }]] };
        },
      }),
      silentLogger,
    );
    const proposed = { id: null, name: 'a', password: 'p', rule: [{ port: 9007199254740993n }] };
    const res = await rpcs.PlanResourceChange({
      type_name: 'cms_thing',
      prior_state: null,
      proposed_new_state: dv(proposed),
      config: dv(proposed),
      prior_private: Buffer.alloc(0),
      client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true },
    });
    expect(seen).toMatchObject({ typeName: 'cms_thing', priorState: null, proposedNewState: proposed, priorPrivate: undefined, clientCapabilities: { writeOnlyAttributesAllowed: true } });
    expect(res.diagnostics).toEqual([]);
    expect(value(res.planned_state)).toEqual({ id: UNKNOWN, name: 'a', password: null, rule: [{ port: 9007199254740993n }] });
    expect(res.requires_replace).toEqual([
      { steps: [{ attribute_name: 'name' }] },
      { steps: [{ attribute_name: 'rule' }, { element_key_int: 0 }, { attribute_name: 'port' }] },
      { steps: [{ element_key_string: 'k' }] },
    ]);
  });

  it('turns a throwing handler into an ERROR diagnostic without a stack trace', async () => {
    const rpcs = createProviderRpcs(
      handlers({
        applyResourceChange: async () => {
          throw new Error('connection refused to 127.0.0.1:8443\nIs the Meeting Server up?');
        },
      }),
      silentLogger,
    );
    const res = await rpcs.ApplyResourceChange({ type_name: 'cms_thing', prior_state: null, planned_state: dv({ name: 'a' }), config: dv({ name: 'a' }), planned_private: Buffer.alloc(0) });
    expect(res.diagnostics).toEqual([
      {
        severity: 'ERROR',
        summary: 'connection refused to 127.0.0.1:8443',
        detail: 'Is the Meeting Server up?\n\nThe provider failed while handling ApplyResourceChange for cms_thing.',
      },
    ]);
    expect(res.new_state).toBeUndefined();
  });

  it('reports a handler result that does not fit the schema, with its attribute path', async () => {
    const rpcs = createProviderRpcs(handlers({ readResource: async () => ({ newState: { id: 'x', name: 42 } as unknown as CtyObject }) }), silentLogger);
    const res = await rpcs.ReadResource({ type_name: 'cms_thing', current_state: dv({ id: 'x', name: 'a' }), private: Buffer.alloc(0), client_capabilities: null });
    expect(res.diagnostics[0]).toEqual({
      severity: 'ERROR',
      summary: 'The provider produced a new state that does not match its schema',
      detail: 'At .name: a string is required, got number 42.\n\nThis is a bug in the provider (ReadResource for cms_thing).',
      attribute: { steps: [{ attribute_name: 'name' }] },
    });
  });

  it('answers unknown resource types with a diagnostic', async () => {
    const res = await createProviderRpcs(handlers(), silentLogger).ValidateResourceConfig({ type_name: 'cms_nope', config: dv(null) });
    expect(res.diagnostics[0].summary).toBe('The provider has no resource type "cms_nope"');
    expect(res.diagnostics[0].detail).toContain('Known resource types: cms_thing.');
  });

  it('passes diagnostics through with severity and path', async () => {
    const rpcs = createProviderRpcs(
      handlers({ validateResourceConfig: async () => [{ severity: 'warning', summary: 'odd', attribute: ['rule', 0, 'port'] }] }),
      silentLogger,
    );
    const res = await rpcs.ValidateResourceConfig({ type_name: 'cms_thing', config: dv({ name: 'x' }) });
    expect(res.diagnostics).toEqual([
      { severity: 'WARNING', summary: 'odd', attribute: { steps: [{ attribute_name: 'rule' }, { element_key_int: 0 }, { attribute_name: 'port' }] } },
    ]);
  });

  it('upgrades stored JSON state with big numbers intact', async () => {
    let raw: unknown;
    const rpcs = createProviderRpcs(
      handlers({
        upgradeResourceState: async (req) => {
          raw = req.rawState;
          return { state: { id: 'a', name: 'n', password: null, rule: [{ port: (req.rawState as { big: bigint }).big }] } };
        },
      }),
      silentLogger,
    );
    const res = await rpcs.UpgradeResourceState({ type_name: 'cms_thing', version: 1, raw_state: { json: Buffer.from('{"id":"a","big":18446744073709551615}'), flatmap: {} } });
    expect(raw).toEqual({ id: 'a', big: 18446744073709551615n });
    expect(value(res.upgraded_state)).toEqual({ id: 'a', name: 'n', password: null, rule: [{ port: 18446744073709551615n }] });

    const flat = await rpcs.UpgradeResourceState({ type_name: 'cms_thing', version: 0, raw_state: { json: Buffer.alloc(0), flatmap: { id: 'a' } } });
    expect(flat.diagnostics[0].summary).toBe('State in the pre-0.12 flatmap format cannot be upgraded');
  });

  it('imports with the type name filled in and the state encoded', async () => {
    const rpcs = createProviderRpcs(handlers({ importResourceState: async (req) => ({ imported: [{ typeName: req.typeName, state: { id: req.id } }] }) }), silentLogger);
    const res = await rpcs.ImportResourceState({ type_name: 'cms_thing', id: 'abc', client_capabilities: null });
    expect(res.imported_resources[0].type_name).toBe('cms_thing');
    expect(value(res.imported_resources[0].state)).toEqual({ id: 'abc', name: null, password: null, rule: null });
  });

  it('answers the RPCs it does not support sensibly', async () => {
    const rpcs = createProviderRpcs(handlers({ stopProvider: async () => 'busy' }), silentLogger);
    expect(await rpcs.GetFunctions({})).toEqual({ functions: {}, diagnostics: [] });
    expect(await rpcs.StopProvider({})).toEqual({ Error: 'busy' });
    expect((await rpcs.MoveResourceState({ source_provider_address: 'x', source_type_name: 'a', target_type_name: 'cms_thing' })).diagnostics[0].severity).toBe('ERROR');
    expect((await rpcs.OpenEphemeralResource({ type_name: 'cms_e', config: null })).diagnostics[0].summary).toContain('no ephemeral resource type "cms_e"');
    expect((await rpcs.CallFunction({ name: 'f' })).error.text).toContain('no functions');
  });

  it('reports a failing handler factory on every RPC until it loads', async () => {
    let attempts = 0;
    const rpcs = createProviderRpcs(async () => {
      attempts++;
      if (attempts === 1) throw new Error('definitions failed to load');
      return handlers();
    }, silentLogger);
    expect((await rpcs.GetProviderSchema({})).diagnostics[0].summary).toBe('definitions failed to load');
    expect((await rpcs.GetProviderSchema({})).diagnostics).toEqual([]);
  });
});
