/** Parameter checks, references, duplicates, invalidOperation, singletons, passcode policy (cms-api.md §1.9, §2, §5). */
import { startSimulator, Simulator } from '../../simulator/src';
import { failureReason, Reply, TestClient } from './helpers';

let sim: Simulator;
let api: TestClient;
beforeAll(async () => {
  sim = await startSimulator({ tls: false });
  api = new TestClient(sim.url);
});
afterAll(async () => {
  await api.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

const UNKNOWN_ID = '11111111-2222-3333-4444-555555555555';

function parameterError(reply: Reply): { parameter: string; error: string } | undefined {
  const e = reply.xml?.failureDetails?.parameterError;
  return e ? { parameter: e['@parameter'], error: e['@error'] } : undefined;
}

describe('parameterError', () => {
  it.each([
    ['coSpaces', 'defaultLayout', 'sideBySide'],
    ['coSpaces', 'nonMemberAccess', 'yes'],
    ['coSpaces', 'nonMemberAccess', '1'],
    ['coSpaces', 'callId', '12ab'],
    ['coSpaces', 'uri', 'alice@example.com'],
    ['coSpaces', 'streamUrl', 'not a url'],
    ['coSpaces', 'cdrTag', 'x'.repeat(101)],
    ['coSpaces', 'passcode', 'abc'],
    ['coSpaces', 'panePlacementHighestImportance', '-1'],
    ['system/configuration/cluster', 'newConferenceLoadLimitBasisPoints', '10001'],
    ['callLegProfiles', 'joinToneParticipantThreshold', '101'],
    ['callLegProfiles', 'qualityMain', 'max4k'],
    ['turnServers', 'type', 'coturn'],
    ['turnServers', 'tcpPortNumberOverride', '70000'],
    ['webBridgeProfiles', 'resolveCoSpaceUris', 'on'],
    ['ldapSources', 'filter', '(objectClass=person'],
    ['dtmfProfiles', 'muteSelfAudio', '*A'],
    ['coSpaceTemplates/TEMPLATE/accessMethodTemplates', 'uriGenerator', 'no-dollar'],
    ['coSpaceTemplates/TEMPLATE/accessMethodTemplates', 'uriGenerator', '$.$'],
  ])('%s %s=%s → 400 parameterError invalidValue', async (collection, parameter, value) => {
    const template = await api.create('coSpaceTemplates', { name: 'T' });
    const path = collection.replace('TEMPLATE', template);
    const reply = collection.startsWith('system/') ? await api.put(path, { [parameter]: value }) : await api.post(path, { [parameter]: value });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(`<?xml version="1.0"?><failureDetails><parameterError parameter="${parameter}" error="invalidValue" /></failureDetails>`);
  });

  it('accepts booleans in any letter case and answers them lower-case', async () => {
    const id = await api.create('callBridgeGroups', { loadBalancingEnabled: 'True', loadBalanceUserCalls: 'FALSE' });
    expect((await api.get(`callBridgeGroups/${id}`)).xml.callBridgeGroup).toMatchObject({ loadBalancingEnabled: 'true', loadBalanceUserCalls: 'false' });
  });

  it('refuses an unknown parameter name', async () => {
    const reply = await api.post('callProfiles', { sipRecordeUri: 'sip:rec@example.com' });
    expect(parameterError(reply)).toEqual({ parameter: 'sipRecordeUri', error: 'unknownParameter' });
  });

  it('refuses a missing mandatory parameter', async () => {
    // Mandatory as the reference marks it (an asterisk), no more: a Call Bridge's name is optional.
    expect(parameterError(await api.post('ldapServers', { address: 'dc', portNumber: 389 }))).toEqual({ parameter: 'secure', error: 'missingValue' });
    expect(parameterError(await api.post('tenants', { participantLimit: 5 }))).toEqual({ parameter: 'name', error: 'missingValue' });
    expect((await api.post('callBridges', { address: 'https://10.0.0.2:8443' })).status).toBe(200);
  });

  it('refuses POST-only and PUT-only parameters in the other method', async () => {
    sim.seed({ users: [{ id: 'u1', userJid: 'ann@example.com' }] });
    const space = await api.create('coSpaces', { name: 'S' });
    expect(parameterError(await api.post('coSpaces', { regenerateSecret: 'true' }))?.parameter).toBe('regenerateSecret');
    const member = await api.create(`coSpaces/${space}/coSpaceUsers`, { userJid: 'ann@example.com' });
    expect((await api.get(`coSpaces/${space}/coSpaceUsers/${member}`)).xml.coSpaceUser).toMatchObject({ userJid: 'ann@example.com', userId: 'u1' });
    expect(parameterError(await api.put(`coSpaces/${space}/coSpaceUsers/${member}`, { userJid: 'bob@example.com' }))?.parameter).toBe('userJid');
  });

  it('answers userDoesNotExist for a member whose JID names no user', async () => {
    const space = await api.create('coSpaces', { name: 'S' });
    const reply = await api.post(`coSpaces/${space}/coSpaceUsers`, { userJid: 'nobody@example.com' });
    expect([reply.status, failureReason(reply)]).toEqual([400, 'userDoesNotExist']);
  });

  it('leaves the object unchanged when a PUT fails', async () => {
    const id = await api.create('coSpaces', { name: 'Stable', uri: 'stable' });
    expect((await api.put(`coSpaces/${id}`, { name: 'Changed', defaultLayout: 'bogus' })).status).toBe(400);
    expect((await api.get(`coSpaces/${id}`)).xml.coSpace.name).toBe('Stable');
  });
});

describe('references', () => {
  it('answers 400 with the referenced type`s DoesNotExist for an unknown id in the body', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['coSpaces', { callLegProfile: UNKNOWN_ID }, 'callLegProfileDoesNotExist'],
      ['coSpaces', { tenant: UNKNOWN_ID }, 'tenantDoesNotExist'],
      ['coSpaces', { dialInSecurityProfile: UNKNOWN_ID }, 'dialInSecurityProfileDoesNotExist'],
      ['callBridges', { name: 'cb1', callBridgeGroup: UNKNOWN_ID }, 'callBridgeGroupDoesNotExist'],
      ['turnServers', { callBridge: UNKNOWN_ID }, 'callBridgeDoesNotExist'],
      ['webBridges', { webBridgeProfile: UNKNOWN_ID }, 'webBridgeProfileDoesNotExist'],
      ['ldapSources', { server: UNKNOWN_ID, mapping: UNKNOWN_ID, baseDn: 'dc=x' }, 'ldapServerDoesNotExist'],
      ['tenants', { name: 't', tenantGroup: UNKNOWN_ID }, 'tenantGroupDoesNotExist'],
      ['ldapUserCoSpaceTemplateSources', { coSpaceTemplate: UNKNOWN_ID, ldapSource: UNKNOWN_ID }, 'coSpaceTemplateDoesNotExist'],
    ];
    for (const [collection, form, reason] of cases) {
      const reply = await api.post(collection, form);
      expect([collection, reply.status, failureReason(reply)]).toEqual([collection, 400, reason]);
    }
    expect(sim.snapshot()).toEqual({});
    const put = await api.put('system/profiles', { compatibilityProfile: UNKNOWN_ID });
    expect([put.status, failureReason(put)]).toEqual([400, 'compatibilityProfileDoesNotExist']);
  });

  it('accepts ids of objects that exist, and filters by them', async () => {
    const profile = await api.create('callLegProfiles', { name: 'Guest' });
    const space = await api.create('coSpaces', { callLegProfile: profile });
    expect((await api.get(`coSpaces/${space}`)).xml.coSpace.callLegProfile).toBe(profile);
  });
});

describe('duplicates', () => {
  it('duplicateCoSpaceUri: a URI or secondary URI another space or access method holds (any case)', async () => {
    const a = await api.create('coSpaces', { uri: 'team', secondaryUri: '8001' });
    expect(failureReason(await api.post('coSpaces', { uri: 'team' }))).toBe('duplicateCoSpaceUri');
    expect(failureReason(await api.post('coSpaces', { uri: 'TEAM' }))).toBe('duplicateCoSpaceUri');
    expect(failureReason(await api.post('coSpaces', { secondaryUri: 'team' }))).toBe('duplicateCoSpaceUri');
    expect(failureReason(await api.post('coSpaces', { uri: '8001' }))).toBe('duplicateCoSpaceUri');
    const b = await api.create('coSpaces', { uri: 'other' });
    expect(failureReason(await api.put(`coSpaces/${b}`, { uri: 'team' }))).toBe('duplicateCoSpaceUri');
    expect(failureReason(await api.post(`coSpaces/${b}/accessMethods`, { uri: 'team' }))).toBe('duplicateCoSpaceUri');
    await api.create(`coSpaces/${a}/accessMethods`, { uri: 'team.guest' });
    expect(failureReason(await api.post('coSpaces', { uri: 'team.guest' }))).toBe('duplicateCoSpaceUri');
    expect((await api.put(`coSpaces/${a}`, { name: 'renaming is fine' })).status).toBe(200);
  });

  it('duplicateCoSpaceId: a call ID another space or access method holds', async () => {
    const a = await api.create('coSpaces', { callId: '4001' });
    expect(failureReason(await api.post('coSpaces', { callId: '4001' }))).toBe('duplicateCoSpaceId');
    const b = await api.create('coSpaces', { callId: '4002' });
    expect(failureReason(await api.post(`coSpaces/${b}/accessMethods`, { callId: '4001' }))).toBe('duplicateCoSpaceId');
    await api.create(`coSpaces/${a}/accessMethods`, { callId: '4003' });
    expect(failureReason(await api.put(`coSpaces/${b}`, { callId: '4003' }))).toBe('duplicateCoSpaceId');
  });

  it('duplicateCoSpaceUriPasscode / duplicateCoSpaceIdPasscode: same URI or call ID within a space needs a different passcode', async () => {
    const space = await api.create('coSpaces', { uri: 'board', callId: '5000', passcode: '1111' });
    expect((await api.post(`coSpaces/${space}/accessMethods`, { uri: 'board', passcode: '2222' })).status).toBe(200);
    expect(failureReason(await api.post(`coSpaces/${space}/accessMethods`, { uri: 'board', passcode: '2222' }))).toBe('duplicateCoSpaceUriPasscode');
    expect(failureReason(await api.post(`coSpaces/${space}/accessMethods`, { uri: 'board', passcode: '1111' }))).toBe('duplicateCoSpaceUriPasscode');
    expect((await api.post(`coSpaces/${space}/accessMethods`, { callId: '5000', passcode: '3333' })).status).toBe(200);
    expect(failureReason(await api.post(`coSpaces/${space}/accessMethods`, { callId: '5000', passcode: '3333' }))).toBe('duplicateCoSpaceIdPasscode');
  });

  it('ivrUriConflict: an IVR URI another IVR or space holds', async () => {
    await api.create('ivrs', { uri: 'ivr' });
    await api.create('coSpaces', { uri: 'meet' });
    expect(failureReason(await api.post('ivrs', { uri: 'ivr' }))).toBe('ivrUriConflict');
    expect(failureReason(await api.post('ivrs', { uri: 'meet' }))).toBe('ivrUriConflict');
    expect(failureReason(await api.post('coSpaces', { uri: 'ivr' }))).toBe('duplicateCoSpaceUri');
  });

  it('duplicateCallBridgeName', async () => {
    const cb = await api.create('callBridges', { name: 'cb1', address: 'https://10.0.0.1:8443' });
    expect(failureReason(await api.post('callBridges', { name: 'cb1' }))).toBe('duplicateCallBridgeName');
    const other = await api.create('callBridges', { name: 'cb2' });
    expect(failureReason(await api.put(`callBridges/${other}`, { name: 'cb1' }))).toBe('duplicateCallBridgeName');
    expect((await api.put(`callBridges/${cb}`, { name: 'cb1', sipDomain: 'x' })).status).toBe(200);
  });

  it('duplicateUserCoSpaceTemplate: one template once per user', async () => {
    sim.seed({ users: [{ id: 'u1', userJid: 'ann@example.com' }, { id: 'u2', userJid: 'bob@example.com' }] });
    const template = await api.create('coSpaceTemplates', { name: 'T' });
    expect((await api.post('users/u1/userCoSpaceTemplates', { coSpaceTemplate: template })).status).toBe(200);
    expect(failureReason(await api.post('users/u1/userCoSpaceTemplates', { coSpaceTemplate: template }))).toBe('duplicateUserCoSpaceTemplate');
    expect((await api.post('users/u2/userCoSpaceTemplates', { coSpaceTemplate: template })).status).toBe(200);
  });
});

describe('invalidOperation and read-only objects', () => {
  it('refuses DELETE on singletons, and POST where the reference does not document it', async () => {
    for (const path of ['system/profiles', 'system/configuration/cluster']) {
      expect(failureReason(await api.delete(path))).toBe('invalidOperation');
    }
    // The failure table's own example of invalidOperation.
    const post = await api.post('system/profiles', {});
    expect([post.status, failureReason(post)]).toEqual([400, 'invalidOperation']);
    expect(failureReason(await api.post('system/status'))).toBe('invalidOperation');
  });

  it('takes the documented POST on /system/configuration/cluster like a PUT, and PUT on /system/cdrReceivers like a POST', async () => {
    expect((await api.post('system/configuration/cluster', { uniqueName: 'cb1', participantLimit: 200 })).status).toBe(200);
    expect((await api.get('system/configuration/cluster')).xml.cluster).toMatchObject({ uniqueName: 'cb1', participantLimit: '200' });
    const put = await api.put('system/cdrReceivers', { uri: 'https://cdr.example.com/cdr' });
    expect(put.status).toBe(200);
    const location = String(put.headers.location);
    expect(location).toMatch(/^\/api\/v1\/system\/cdrReceivers\/[0-9a-f-]{36}$/);
    expect((await api.get(location)).xml.cdrReceiver.uri).toBe('https://cdr.example.com/cdr');
    // "use PUT to initially create the CDR receiver but configure the url separately later"
    expect((await api.put('system/cdrReceivers', {})).status).toBe(200);
  });

  it('refuses writes to /users and PUT on collections', async () => {
    sim.seed({ users: [{ id: 'u1', userJid: 'ann@example.com' }] });
    expect(failureReason(await api.post('users', { userJid: 'x@example.com' }))).toBe('invalidOperation');
    expect(failureReason(await api.put('users/u1', {}))).toBe('invalidOperation');
    expect(failureReason(await api.delete('users/u1'))).toBe('invalidOperation');
    expect(failureReason(await api.put('coSpaces', { name: 'x' }))).toBe('invalidOperation');
  });

  it('protects LDAP-generated spaces: no DELETE, no change to their core fields, other fields may change', async () => {
    sim.seed({
      users: [{ id: 'u1', userJid: 'ann@example.com' }],
      coSpaces: [{ id: 'auto', name: 'Ann', uri: 'ann', autoGenerated: true, ownerJid: 'ann@example.com', coSpaceUsers: [{ id: 'm1', userJid: 'ann@example.com', autoGenerated: true }] }],
    });
    expect(failureReason(await api.delete('coSpaces/auto'))).toBe('invalidOperation');
    expect(failureReason(await api.put('coSpaces/auto', { uri: 'other' }))).toBe('invalidOperation');
    expect(failureReason(await api.put('coSpaces/auto', { cdrTag: 'x' }))).toBe('invalidOperation');
    expect((await api.put('coSpaces/auto', { passcode: '9876' })).status).toBe(200);
    expect(failureReason(await api.delete('coSpaces/auto/coSpaceUsers/m1'))).toBe('invalidOperation');
    expect((await api.put('coSpaces/auto/coSpaceUsers/m1', { canChangeName: 'true' })).status).toBe(200);
    const space = (await api.get('coSpaces/auto')).xml.coSpace;
    expect(space).toMatchObject({ uri: 'ann', passcode: '9876', autoGenerated: 'true', ownerId: 'u1' });
  });

  it('refuses deleting an auto-generated user template link with userCoSpaceTemplateDeletionProhibited', async () => {
    sim.seed({
      coSpaceTemplates: [{ id: 't1', name: 'T' }],
      users: [{ id: 'u1', userJid: 'ann@example.com', userCoSpaceTemplates: [{ id: 'l1', coSpaceTemplate: 't1', autoGenerated: true }] }],
    });
    expect(failureReason(await api.delete('users/u1/userCoSpaceTemplates/l1'))).toBe('userCoSpaceTemplateDeletionProhibited');
  });

  it('tooManyCdrReceivers above 4, with maximum="4" on the list; url is accepted for uri', async () => {
    for (let i = 1; i <= 4; i++) await api.create('system/cdrReceivers', i % 2 ? { uri: `https://cdr${i}.example.com/cdr` } : { url: `https://cdr${i}.example.com/cdr` });
    const fifth = await api.post('system/cdrReceivers', { uri: 'https://cdr5.example.com/cdr' });
    expect([fifth.status, failureReason(fifth)]).toEqual([400, 'tooManyCdrReceivers']);
    const list = await api.get('system/cdrReceivers');
    expect(list.xml.cdrReceivers['@total']).toBe('4');
    expect(list.xml.cdrReceivers['@maximum']).toBe('4');
    expect(list.text).toContain('<uri>https://cdr2.example.com/cdr</uri>');
  });
});

describe('singletons', () => {
  it('/system/profiles is read and changed with PUT (partial, empty unsets)', async () => {
    expect((await api.get('system/profiles')).text).toBe('<?xml version="1.0"?><profiles/>');
    const clp = await api.create('callLegProfiles', {});
    const cp = await api.create('callProfiles', {});
    expect((await api.put('system/profiles', { callLegProfile: clp, callProfile: cp })).status).toBe(200);
    await api.put('system/profiles', { callProfile: '' });
    expect((await api.get('system/profiles')).xml.profiles).toEqual({ callLegProfile: clp });
  });

  it('/system/configuration/cluster answers its empty elements and defaults, and takes PUT', async () => {
    await api.put('system/configuration/cluster', { uniqueName: 'cb1', participantLimit: 500, maxPeerVideoStreams: 2 });
    expect((await api.get('system/configuration/cluster')).text).toBe(
      '<?xml version="1.0"?><cluster><uniqueName>cb1</uniqueName><maxPeerVideoStreams>2</maxPeerVideoStreams><participantLimit>500</participantLimit>' +
        '<loadLimit/><newConferenceLoadLimitBasisPoints>5000</newConferenceLoadLimitBasisPoints>' +
        '<existingConferenceLoadLimitBasisPoints>8000</existingConferenceLoadLimitBasisPoints></cluster>',
    );
  });
});

describe('passcodeTooShort against the effective dialInSecurityProfile', () => {
  it('applies the profile of /system/profiles, the tenant, the space and the access method, lowest level first', async () => {
    const six = await api.create('dialInSecurityProfiles', { name: 'six', minPasscodeLength: 6 });
    const four = await api.create('dialInSecurityProfiles', { name: 'four', minPasscodeLength: 4 });
    const eight = await api.create('dialInSecurityProfiles', { name: 'eight', minPasscodeLength: 8 });

    // No profile anywhere: any passcode.
    expect((await api.post('coSpaces', { passcode: '1' })).status).toBe(200);

    await api.put('system/profiles', { dialInSecurityProfile: six });
    expect(failureReason(await api.post('coSpaces', { passcode: '12345' }))).toBe('passcodeTooShort');
    expect((await api.post('coSpaces', { passcode: '123456' })).status).toBe(200);
    expect((await api.post('coSpaces', { name: 'no passcode' })).status).toBe(200);

    const tenant = await api.create('tenants', { name: 'T', dialInSecurityProfile: four });
    expect((await api.post('coSpaces', { tenant, passcode: '1234' })).status).toBe(200);

    const space = await api.create('coSpaces', { tenant, dialInSecurityProfile: eight, passcode: '12345678' });
    expect(failureReason(await api.put(`coSpaces/${space}`, { passcode: '1234567' }))).toBe('passcodeTooShort');
    // An access method inherits its space's profile, unless it names its own.
    expect(failureReason(await api.post(`coSpaces/${space}/accessMethods`, { passcode: '1234' }))).toBe('passcodeTooShort');
    expect((await api.post(`coSpaces/${space}/accessMethods`, { passcode: '1234', dialInSecurityProfile: four })).status).toBe(200);
  });
});
