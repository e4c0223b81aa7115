import type { Definition } from '../../../provider/src/resources/definition';
import { parseVersion, supports, versionDiagnostics, versionSentence } from '../../../provider/src/resources/versions';

const def: Definition = {
  typeName: 'cms_thing',
  description: 'A thing for the version tests.',
  kind: 'collection',
  api: { path: '/things', element: 'thing' },
  attributes: {
    name: { api: 'name', type: 'string', mode: 'required', description: 'Name.' },
    shiny: { api: 'shiny', type: 'bool', mode: 'optional', description: 'New in 3.8.', since: '3.8' },
    old: { api: 'old', type: 'bool', mode: 'optional', description: 'Gone in 3.0.', until: '3.0' },
  },
  example: '',
};

describe('Meeting Server versions', () => {
  it('reads softwareVersion as the server writes it', () => {
    expect(parseVersion('3.13')).toEqual([3, 13]);
    expect(parseVersion('3.8.2')).toEqual([3, 8, 2]);
    expect(parseVersion('not a version')).toBeUndefined();
  });

  it('compares numerically: 3.13 is newer than 3.4, and a patch release has what its minor has', () => {
    expect(supports([3, 13], '3.4', undefined)).toBe(true);
    expect(supports([3, 4], '3.13', undefined)).toBe(false);
    expect(supports([3, 8, 1], '3.8', undefined)).toBe(true);
    expect(supports([3, 0], undefined, '3.0')).toBe(false);
    expect(supports([2, 9, 5], undefined, '3.0')).toBe(true);
  });

  it('refuses a configured attribute the server is too old for, naming both versions', () => {
    const [d, ...rest] = versionDiagnostics(def, { name: 'a', shiny: true, old: null }, '3.4.1');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'error', attribute: ['shiny'] });
    expect(d!.detail).toBe('cms_thing.shiny needs Meeting Server 3.8 or later; the server reports softwareVersion 3.4.1. Remove shiny from the configuration, or upgrade the server to 3.8 or later first.');
  });

  it('says nothing of attributes left unset, or when the version is unknown', () => {
    expect(versionDiagnostics(def, { name: 'a', shiny: null, old: null }, '3.4')).toEqual([]);
    expect(versionDiagnostics(def, { name: 'a', shiny: true, old: null }, undefined)).toEqual([]);
    expect(versionDiagnostics(def, { name: 'a', shiny: true, old: null }, 'unknown')).toEqual([]);
  });

  it('refuses a removed attribute and a type the server does not have', () => {
    expect(versionDiagnostics(def, { name: 'a', shiny: null, old: true }, '3.2')[0]!.detail).toBe(
      'cms_thing.old is not in Meeting Server 3.0 or later; the server reports softwareVersion 3.2. Remove old from the configuration.',
    );
    const [d] = versionDiagnostics({ ...def, since: '3.13' }, { name: 'a' }, '3.12');
    expect(d!.summary).toBe('cms_thing is not available on this Meeting Server');
    expect(d!.attribute).toBeUndefined();
  });

  it('says the same in the docs', () => {
    expect(versionSentence('3.2', undefined)).toBe('Meeting Server 3.2 or later.');
    expect(versionSentence(undefined, undefined)).toBeUndefined();
  });
});
