/**
 * connect_on_first_use: configure makes no API request; the first resource that needs the API
 * checks it (and again after a failure, since the API may come up later in the same apply);
 * a configuration without url, username or password may still manage MMP resources.
 */
import { CmsConnectionError } from '../../../provider/src/cms/errors';
import type { CmsObject } from '../../../provider/src/cms/xml';
import type { ConnectionSettings } from '../../../provider/src/config/provider-config';
import { connect } from '../../../provider/src/connection';
import { CmsProvider, type ProviderApi } from '../../../provider/src/provider';
import type { CtyObject } from '../../../provider/src/plugin/types';

const status: CmsObject = { element: 'status', attributes: {}, text: '', values: { softwareVersion: '3.13' }, children: {} };
const profile: CmsObject = { element: 'userProfile', id: '00000000-0000-4000-8000-000000000001', attributes: {}, text: '', values: { name: 'Licensed' }, children: {} };

/** An API that is down until `up` is set; it records what was asked. */
function fakeApi(state: { up: boolean; requests: string[] }): ProviderApi {
  const answer = async (path: string): Promise<CmsObject> => {
    state.requests.push(`GET ${path}`);
    if (!state.up) throw new CmsConnectionError({ method: 'GET', path: `/api/v1${path}`, server: 'https://cms1.example.com:445', attempts: 1 }, 'reset', 'the server reset the connection', { code: 'ECONNRESET', maybeSent: false, retryable: true });
    return path === '/system/status' ? status : profile;
  };
  return {
    get: answer,
    list: async function* () {},
    create: async () => ({ id: profile.id! }),
    update: async () => undefined,
    delete: async () => undefined,
    count: async () => 0,
    mmp: () => {
      throw new Error('no MMP in this test');
    },
    close: async () => undefined,
    abort: () => undefined,
  };
}

const providerConfig = (values: CtyObject): CtyObject => ({
  url: null,
  username: null,
  password: null,
  ca_bundle: null,
  insecure: null,
  timeout_seconds: null,
  retries: null,
  concurrency: null,
  mmp_username: null,
  mmp_password: null,
  mmp_private_key: null,
  mmp_trust_on_first_use: null,
  connect_on_first_use: null,
  adopt_existing: null,
  mmp_node: null,
  ...values,
});

it('makes no request at configure, checks the API on first use, and again after a failure', async () => {
  const state = { up: false, requests: [] as string[] };
  const provider = new CmsProvider(() => fakeApi(state), {});
  const diagnostics = await provider.configureProvider({ config: providerConfig({ url: 'https://cms1.example.com:445', username: 'api', password: 'pw', connect_on_first_use: true }) } as never);
  expect(diagnostics).toEqual([]);
  expect(state.requests).toEqual([]);

  const read = () => provider.readResource({ typeName: 'cms_user_profile', currentState: { id: profile.id!, name: 'Licensed', has_license: null, can_create_co_spaces: null } } as never);
  const down = await read();
  expect(down.diagnostics?.[0]).toMatchObject({ severity: 'error', summary: 'Cannot use the Meeting Server at https://cms1.example.com:445' });
  state.up = true;
  const up = await read();
  expect(up.diagnostics ?? []).toEqual([]);
  expect(state.requests).toEqual(['GET /system/status', 'GET /system/status', `GET /userProfiles/${profile.id}`]);
});

it('lets a configuration without url and credentials manage MMP resources, and says so when an API resource needs them', async () => {
  const settings: ConnectionSettings[] = [];
  const provider = new CmsProvider((s) => {
    settings.push(s);
    return connect(s);
  }, {});
  expect(await provider.configureProvider({ config: providerConfig({ connect_on_first_use: true }) } as never)).toEqual([]);
  expect(settings[0]).toMatchObject({ url: '', username: '', password: '', connectOnFirstUse: true });
  const read = await provider.readResource({ typeName: 'cms_user_profile', currentState: { id: profile.id!, name: 'Licensed', has_license: null, can_create_co_spaces: null } } as never);
  expect(read.diagnostics?.[0]).toMatchObject({ summary: 'No Meeting Server API in this provider configuration' });
  expect(read.diagnostics?.[0]?.detail).toMatch(/has no url, username, password \(connect_on_first_use lets it leave them out when it manages only MMP resources\)/);
  // Without connect_on_first_use the missing settings are refused at configure, as before.
  const strict = new CmsProvider((s) => connect(s), {});
  expect((await strict.configureProvider({ config: providerConfig({}) } as never)).map((d) => d.summary)).toEqual(['Missing provider setting url', 'Missing provider setting username', 'Missing provider setting password']);
});
