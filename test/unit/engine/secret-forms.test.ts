import type { CtyObject } from '../../../provider/src/plugin/types';
import { UNKNOWN } from '../../../provider/src/plugin/types';
import type { Definition } from '../../../provider/src/resources/definition';
import { secretParams, stateFromObject } from '../../../provider/src/resources/mapping';
import { definitionSchema } from '../../../provider/src/resources/schema';
import { secretForms, secretsToSend, withSecretForms } from '../../../provider/src/resources/secret-forms';
import { validateConfig } from '../../../provider/src/resources/validate';
import { definition } from './helpers';

const turn = definition('cms_turn_server');

function config(def: Definition, values: CtyObject): CtyObject {
  const all: CtyObject = { id: null };
  for (const name of Object.keys(def.attributes)) all[name] = null;
  return { ...all, ...values };
}

const sent = (prior: CtyObject | null, planned: CtyObject, cfg: CtyObject | null) => secretParams(secretsToSend(turn, prior, planned, cfg));

describe('secret attributes in their Terraform forms', () => {
  it('offers password (sensitive), password_wo (write-only, sensitive) and password_wo_version', () => {
    const attrs = definitionSchema(turn).block.attributes;
    const byName = (n: string) => attrs.find((a) => a.name === n);
    expect(byName('password')).toMatchObject({ optional: true, sensitive: true });
    expect(byName('password')?.writeOnly).toBeUndefined();
    expect(byName('password_wo')).toMatchObject({ optional: true, sensitive: true, writeOnly: true, type: 'string' });
    expect(byName('password_wo_version')).toMatchObject({ optional: true, type: 'number' });
    expect(byName('password_wo_version')?.sensitive).toBeUndefined();
    expect(byName('credential_server_password_wo')?.writeOnly).toBe(true);
    expect(secretForms(turn).map((f) => f.writeOnly)).toEqual(['password_wo', 'credential_server_password_wo']);
  });

  it('passcodes of spaces and access methods have the same forms', () => {
    for (const t of ['cms_cospace', 'cms_cospace_access_method', 'cms_ldap_server']) {
      const names = definitionSchema(definition(t)).block.attributes.map((a) => a.name);
      const secret = t === 'cms_ldap_server' ? 'password' : 'passcode';
      expect(names).toEqual(expect.arrayContaining([secret, `${secret}_wo`, `${secret}_wo_version`]));
    }
  });

  it('a writeOnly secret gets only the write-only pair, required when the secret is', () => {
    const raw: Definition = {
      typeName: 'cms_example',
      description: 'x',
      kind: 'collection',
      api: { path: '/x', element: 'x' },
      attributes: { key: { api: 'key', type: 'string', mode: 'required', secret: true, writeOnly: true, description: 'A private key.' } },
      example: '',
    };
    const def = withSecretForms(raw);
    expect(Object.keys(def.attributes)).toEqual(['key_wo', 'key_wo_version']);
    expect(def.attributes.key_wo).toMatchObject({ mode: 'required', writeOnly: true, api: 'key' });
    expect(validateConfig(def, { id: null, key_wo: 'k', key_wo_version: null }).map((d) => d.attribute)).toEqual([['key_wo']]);
  });

  it('reads write-only values as null and keeps the version as configured', () => {
    const planned = config(turn, { server_address: '10.0.0.1', password_wo: null, password_wo_version: 3 });
    const obj = { id: 'a', element: 'turnServer', attributes: {}, text: '', values: { serverAddress: '10.0.0.1', password: 'from-server' }, children: {} };
    const state = stateFromObject(turn, obj, planned, 'a');
    expect(state.password).toBeNull();
    expect(state.password_wo).toBeNull();
    expect(state.password_wo_version).toBe(3);
  });
});

describe('secret forms at plan', () => {
  const detail = (values: CtyObject, writeOnlyAllowed = true) =>
    validateConfig(turn, config(turn, { server_address: '10.0.0.1', ...values }), { writeOnlyAllowed }).map((d) => ({ attribute: d.attribute, detail: d.detail }));

  it('accepts either form alone', () => {
    expect(detail({ password: 'p' })).toEqual([]);
    expect(detail({ password_wo: 'p', password_wo_version: 1 })).toEqual([]);
    expect(detail({ password_wo: UNKNOWN, password_wo_version: 1 })).toEqual([]);
  });

  it('refuses both forms together, naming both and the difference', () => {
    const [d, ...rest] = detail({ password: 'p', password_wo: 'p', password_wo_version: 1 });
    expect(rest).toEqual([]);
    expect(d.attribute).toEqual(['password_wo']);
    expect(d.detail).toMatch(/cms_turn_server\.password and cms_turn_server\.password_wo are both set; set one/);
  });

  it('needs the version with the write-only value, and the value with the version', () => {
    expect(detail({ password_wo: 'p' })).toEqual([{ attribute: ['password_wo'], detail: expect.stringMatching(/password_wo needs password_wo_version: set password_wo_version = 1/) }]);
    expect(detail({ password_wo_version: 2 })).toEqual([{ attribute: ['password_wo_version'], detail: expect.stringMatching(/password_wo_version is set but password_wo is not/) }]);
  });

  it('refuses write-only values when Terraform would store them (older than 1.11)', () => {
    const [d] = detail({ password_wo: 'p', password_wo_version: 1 }, false);
    expect(d.detail).toMatch(/needs Terraform 1\.11 or later.*or use password \(sensitive, kept in state\)/);
  });

  it('accepts "" in the write-only form (clears on purpose) but not in the sensitive form, and says how to clear', () => {
    expect(detail({ password_wo: '', password_wo_version: 2 })).toEqual([]);
    const [d] = detail({ password: '' });
    expect(d.detail).toMatch(/remove it to leave the value on the server as it is, or set password_wo = "" \(with a new password_wo_version\) to clear it/);
  });

  it('checks the write-only value like the attribute, without repeating it', () => {
    const space = definition('cms_cospace');
    const diags = validateConfig(space, config(space, { name: 'Team', passcode_wo: '12ab-secret', passcode_wo_version: 1 }));
    expect(diags).toHaveLength(1);
    expect(diags[0].attribute).toEqual(['passcode_wo']);
    expect(diags[0].detail).not.toContain('12ab-secret');
  });
});

describe('what an apply sends for secrets', () => {
  const planned = (values: CtyObject) => config(turn, { id: 'a', server_address: '10.0.0.1', ...values });

  it('on create: the sensitive form, or the write-only value from the configuration', () => {
    expect(sent(null, planned({ password: 'p' }), planned({ password: 'p' }))).toEqual({ password: 'p' });
    expect(sent(null, planned({ password_wo_version: 1 }), planned({ password_wo: 'w', password_wo_version: 1 }))).toEqual({ password: 'w' });
  });

  it('on update: the write-only value only when its version changed', () => {
    const prior = planned({ password_wo_version: 1 });
    expect(sent(prior, planned({ password_wo_version: 1 }), planned({ password_wo: 'new', password_wo_version: 1 }))).toEqual({});
    expect(sent(prior, planned({ password_wo_version: 2 }), planned({ password_wo: 'new', password_wo_version: 2 }))).toEqual({ password: 'new' });
  });

  it('on update: the sensitive form only when it changed', () => {
    expect(sent(planned({ password: 'p' }), planned({ password: 'p' }), planned({ password: 'p' }))).toEqual({});
    expect(sent(planned({ password: 'p' }), planned({ password: 'q' }), planned({ password: 'q' }))).toEqual({ password: 'q' });
  });

  it('never sends a secret left out of the configuration, so the server keeps it', () => {
    expect(sent(null, planned({}), planned({}))).toEqual({});
    expect(sent(planned({ password: 'p' }), planned({}), planned({}))).toEqual({});
    expect(sent(planned({ password_wo_version: 1 }), planned({}), planned({}))).toEqual({});
  });

  it('sends "" to clear on purpose', () => {
    expect(sent(planned({ password_wo_version: 1 }), planned({ password_wo_version: 2 }), planned({ password_wo: '', password_wo_version: 2 }))).toEqual({ password: '' });
  });

  it('switching from the sensitive form to the write-only one sends the write-only value', () => {
    expect(sent(planned({ password: 'p' }), planned({ password_wo_version: 1 }), planned({ password_wo: 'w', password_wo_version: 1 }))).toEqual({ password: 'w' });
  });
});
