import type { CmsObject } from '../../../provider/src/cms/xml';
import { UNKNOWN, isUnknown, type CtyObject } from '../../../provider/src/plugin/types';
import { lookUpBeforeCreate, managedKey, type CreateLookup } from '../../../provider/src/resources/adoption';
import type { CmsApi } from '../../../provider/src/resources/api';
import { CachedReader } from '../../../provider/src/resources/lookup';
import { StoredObjectOperations, CreatedObjectError } from '../../../provider/src/resources/operations';
import { planChange } from '../../../provider/src/resources/plan';
import { definition } from './helpers';

/** A server holding a few collections; list items carry only `listed` fields, like the real one. */
class FakeServer implements CmsApi {
  readonly objects = new Map<string, Record<string, string>>();
  readonly requests: string[] = [];
  private next = 1;
  failGets = false;

  constructor(private readonly listed: Record<string, string[]> = {}) {}

  put(path: string, values: Record<string, string>, id = this.newId()): string {
    this.objects.set(`${path}/${id}`, { ...values });
    return id;
  }

  private newId(): string {
    return `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
  }

  private obj(path: string, id: string, values: Record<string, string>): CmsObject {
    return { element: 'x', id, attributes: { id }, text: '', values, children: {} };
  }

  async get(path: string): Promise<CmsObject> {
    this.requests.push(`GET ${path}`);
    if (this.failGets) throw new Error('the server is not answering');
    const values = this.objects.get(path);
    if (!values) throw new Error(`no ${path}`);
    return this.obj(path, path.split('/').pop()!, values);
  }

  async *list(path: string, options: { filter?: string; query?: Record<string, string> } = {}): AsyncIterable<CmsObject> {
    this.requests.push(`LIST ${path}${options.filter !== undefined ? ` filter=${options.filter}` : ''}${options.query ? ` ${new URLSearchParams(options.query).toString()}` : ''}`);
    const collection = path.split('/').filter((s) => !/^[0-9a-f-]{36}$/.test(s)).pop()!;
    for (const [key, values] of this.objects) {
      const at = key.lastIndexOf('/');
      if (key.slice(0, at) !== path) continue;
      if (options.filter !== undefined && !Object.values(values).some((v) => v.includes(options.filter!))) continue;
      if (options.query?.usageFilter === 'unreferenced' && values.referenced === 'true') continue;
      const shown = Object.fromEntries(Object.entries(values).filter(([k]) => (this.listed[collection] ?? []).includes(k)));
      yield this.obj(path, key.slice(at + 1), shown);
    }
  }

  async create(path: string, params: Record<string, string>): Promise<{ id: string }> {
    this.requests.push(`POST ${path}`);
    return { id: this.put(path, params) };
  }

  async update(path: string, params: Record<string, string>): Promise<void> {
    this.requests.push(`PUT ${path}`);
    const values = this.objects.get(path);
    if (!values) throw new Error(`no ${path}`);
    for (const [k, v] of Object.entries(params)) if (v === '') delete values[k];
    else values[k] = v;
  }

  async delete(path: string): Promise<void> {
    this.objects.delete(path);
  }

  async count(path: string): Promise<number> {
    this.requests.push(`COUNT ${path}`);
    return [...this.objects.keys()].filter((key) => key.slice(0, key.lastIndexOf('/')) === path).length;
  }
}

function lookupOn(api: CmsApi, adoptExisting = false, managed: string[] = []): CreateLookup {
  return { reader: new CachedReader(api), adoptExisting, managed: new Set(managed) };
}

/** The plan Terraform would get for a create of `config` (every attribute, unset ones null). */
function createPlan(typeName: string, config: CtyObject): CtyObject {
  const def = definition(typeName);
  const full: CtyObject = { id: null };
  for (const name of Object.keys(def.attributes)) full[name] = config[name] ?? null;
  return planChange(def, null, full, full).plannedState!;
}

const turn = definition('cms_turn_server');

describe('the look-up before a create', () => {
  it('says nothing and plans a create when the server holds no such object (one filtered request)', async () => {
    const api = new FakeServer({ turnServers: ['serverAddress'] });
    api.put('/turnServers', { serverAddress: '10.0.0.9' });
    const planned = createPlan('cms_turn_server', { server_address: '10.0.0.1' });
    expect(await lookUpBeforeCreate(turn, planned, lookupOn(api))).toBeUndefined();
    expect(api.requests).toEqual(['LIST /turnServers filter=10.0.0.1']);
  });

  it('fails the plan by default, naming the object, the key and the import block', async () => {
    const api = new FakeServer({ turnServers: ['serverAddress'] });
    const id = api.put('/turnServers', { serverAddress: '10.0.0.1' });
    const planned = createPlan('cms_turn_server', { server_address: '10.0.0.1' });
    const found = await lookUpBeforeCreate(turn, planned, lookupOn(api));
    expect(isUnknown(found!.plannedState.id)).toBe(true);
    expect(found!.diagnostics).toHaveLength(1);
    const d = found!.diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'error', summary: 'This cms_turn_server already exists on the Meeting Server', attribute: ['server_address'] });
    expect(d.detail).toContain(`already holds a cms_turn_server with server_address = "10.0.0.1" (id ${id})`);
    expect(d.detail).toContain(`import {\n  to = cms_turn_server.<name>\n  id = "${id}"\n}`);
    expect(d.detail).toContain('adopt_existing = true');
  });

  it('with adopt_existing, plans the existing id with a warning', async () => {
    const api = new FakeServer({ turnServers: ['serverAddress'] });
    const id = api.put('/turnServers', { serverAddress: '10.0.0.1' });
    const found = await lookUpBeforeCreate(turn, createPlan('cms_turn_server', { server_address: '10.0.0.1' }), lookupOn(api, true));
    expect(found!.plannedState.id).toBe(id);
    expect(found!.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Adopting an existing cms_turn_server' })]);
  });

  it('refuses when several objects have the key, naming them, even with adopt_existing', async () => {
    const api = new FakeServer({ turnServers: ['serverAddress'] });
    const a = api.put('/turnServers', { serverAddress: '10.0.0.1' });
    const b = api.put('/turnServers', { serverAddress: '10.0.0.1' });
    api.put('/turnServers', { serverAddress: '10.0.0.11' }); // matched by the substring filter, not by the key
    const found = await lookUpBeforeCreate(turn, createPlan('cms_turn_server', { server_address: '10.0.0.1' }), lookupOn(api, true));
    expect(isUnknown(found!.plannedState.id)).toBe(true);
    expect(found!.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Several cms_turn_server objects already have this key' });
    expect(found!.diagnostics[0]!.detail).toContain(`(ids ${a}, ${b})`);
  });

  it('never reports an object this walk saw in state (a tainted or replaced object is planned as a create)', async () => {
    const api = new FakeServer({ turnServers: ['serverAddress'] });
    const id = api.put('/turnServers', { serverAddress: '10.0.0.1' });
    const planned = createPlan('cms_turn_server', { server_address: '10.0.0.1' });
    expect(await lookUpBeforeCreate(turn, planned, lookupOn(api, true, [managedKey('cms_turn_server', id)]))).toBeUndefined();
  });

  it('waits for the plan before the apply when the key is not known yet', async () => {
    const amt = definition('cms_access_method_template');
    const api = new FakeServer();
    const planned = createPlan('cms_access_method_template', { cospace_template_id: UNKNOWN, name: 'Host' });
    expect(await lookUpBeforeCreate(amt, planned, lookupOn(api))).toBeUndefined();
    expect(api.requests).toEqual([]);
  });

  it('looks child objects up under their parent and imports them as parent/child', async () => {
    const amt = definition('cms_access_method_template');
    const api = new FakeServer({ accessMethodTemplates: ['name'] });
    const parent = '11111111-2222-4333-8444-555555555555';
    const id = api.put(`/coSpaceTemplates/${parent}/accessMethodTemplates`, { name: 'Host' });
    api.put(`/coSpaceTemplates/99999999-2222-4333-8444-555555555555/accessMethodTemplates`, { name: 'Host' });
    const found = await lookUpBeforeCreate(amt, createPlan('cms_access_method_template', { cospace_template_id: parent, name: 'Host' }), lookupOn(api));
    expect(found!.diagnostics[0]!.detail).toContain(`already holds a cms_access_method_template with name = "Host" (id ${id})`);
    expect(found!.diagnostics[0]!.detail).toContain(`id = "${parent}/${id}"`);
    expect(found!.diagnostics[0]!.attribute).toEqual(['name']);
  });

  it('never adopts a space LDAP sync made, and says why', async () => {
    const cospace = definition('cms_cospace');
    const api = new FakeServer({ coSpaces: ['uri', 'autoGenerated'] });
    api.put('/coSpaces', { uri: 'alice.space', autoGenerated: 'true' });
    const found = await lookUpBeforeCreate(cospace, createPlan('cms_cospace', { name: 'Alice', uri: 'alice.space' }), lookupOn(api, true));
    expect(found!.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'An LDAP sync already made this cms_cospace' });
    expect(isUnknown(found!.plannedState.id)).toBe(true);
  });

  it('lists a collection without filter once per walk, and reads each object once', async () => {
    const profile = definition('cms_call_profile');
    const api = new FakeServer({ callProfiles: [] });
    for (const name of ['a', 'b', 'c']) api.put('/callProfiles', { name });
    const lookup = lookupOn(api);
    for (const name of ['x', 'y', 'b']) await lookUpBeforeCreate(profile, createPlan('cms_call_profile', { name }), lookup);
    expect(api.requests.filter((r) => r.startsWith('LIST'))).toEqual(['LIST /callProfiles']);
    expect(api.requests.filter((r) => r.startsWith('GET'))).toHaveLength(3);
  });

  describe('types without a natural key', () => {
    const dtmf = definition('cms_dtmf_profile');

    it('warn about identical objects nothing uses, never adopt them, and compare unset values too', async () => {
      const api = new FakeServer();
      const same = api.put('/dtmfProfiles', { muteSelfAudio: '*6', endCall: '*9' });
      api.put('/dtmfProfiles', { muteSelfAudio: '*6', endCall: '*9', referenced: 'true' }); // in use: not an orphan
      api.put('/dtmfProfiles', { muteSelfAudio: '*6', endCall: '*9', lockCall: '*7' }); // one more value: another profile
      const found = await lookUpBeforeCreate(dtmf, createPlan('cms_dtmf_profile', { mute_self_audio: '*6', end_call: '*9' }), lookupOn(api, true));
      expect(isUnknown(found!.plannedState.id)).toBe(true);
      expect(found!.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: 'An identical cms_dtmf_profile already exists on the Meeting Server' })]);
      expect(found!.diagnostics[0]!.detail).toContain(`that nothing uses with exactly this configuration (id ${same})`);
      expect(found!.diagnostics[0]!.detail).toContain('never adopts one by itself');
      expect(api.requests[0]).toBe('LIST /dtmfProfiles usageFilter=unreferenced');
    });

    it('say nothing for a tenant group: there is nothing to compare', async () => {
      const api = new FakeServer();
      api.put('/tenantGroups', {});
      expect(await lookUpBeforeCreate(definition('cms_tenant_group'), createPlan('cms_tenant_group', {}), lookupOn(api, true))).toBeUndefined();
      expect(api.requests).toEqual([]);
    });
  });
});

describe('a create', () => {
  it('adopts the planned id: writes the configured values (unsetting the others) and reads it back', async () => {
    const api = new FakeServer();
    const id = api.put('/turnServers', { serverAddress: '10.0.0.1', clientAddress: '1.1.1.1', type: 'cms' });
    const planned = { ...createPlan('cms_turn_server', { server_address: '10.0.0.1', type: 'expressway' }), id };
    const state = await new StoredObjectOperations(turn, api).create(planned);
    expect(state).toMatchObject({ id, server_address: '10.0.0.1', type: 'expressway', client_address: null });
    expect(api.objects.get(`/turnServers/${id}`)).toEqual({ serverAddress: '10.0.0.1', type: 'expressway' });
    expect(api.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });

  it('that reached the server but could not be read back hands Terraform the new id', async () => {
    const api = new FakeServer();
    api.failGets = true;
    const planned = createPlan('cms_turn_server', { server_address: '10.0.0.1' });
    const err = await new StoredObjectOperations(turn, api).create(planned).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreatedObjectError);
    const state = (err as CreatedObjectError).state;
    expect(state.id).toMatch(/^00000000-/);
    expect(state.server_address).toBe('10.0.0.1');
    expect(Object.values(state).some((v) => isUnknown(v))).toBe(false);
    expect((err as Error).message).toMatch(/made cms_turn_server 00000000-.*but reading it back failed: the server is not answering.*records the object \(as tainted\)/s);
  });
});
