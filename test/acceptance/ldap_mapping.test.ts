import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ldap_mapping.staff';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/ldap_mapping.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/ldapMappings')).toEqual([]) };

const config = (jid: string, body: string) => `
resource "cms_ldap_mapping" "staff" {
  jid_mapping = "${jid}"
  ${body}
}
`;

const spaces = `
  name_mapping                  = "$cn$"
  cdr_tag_mapping               = "$department$"
  authentication_id_mapping     = "$userPrincipalName$"
  cospace_uri_mapping           = "$sAMAccountName$.space"
  cospace_secondary_uri_mapping = "$telephoneNumber$"
  cospace_name_mapping          = "$cn$'s space"
  cospace_call_id_mapping       = "$employeeNumber$"
`;

it('cms_ldap_mapping: user and space mappings, import by id, unset, drift, refused templates', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('$sAMAccountName$@example.com', spaces),
        check: async ({ api, state }) => {
          expect((await api.get(`/ldapMappings/${idOf(state)}`)).values).toEqual({
            jidMapping: '$sAMAccountName$@example.com', nameMapping: '$cn$', cdrTagMapping: '$department$', authenticationIdMapping: '$userPrincipalName$',
            coSpaceUriMapping: '$sAMAccountName$.space', coSpaceSecondaryUriMapping: '$telephoneNumber$', coSpaceNameMapping: "$cn$'s space", coSpaceCallIdMapping: '$employeeNumber$',
          });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: idOf, viaBlock: true },
      {
        // Dropping the space mappings: users keep being imported, without personal spaces.
        config: config('$mail$', 'name_mapping = "$displayName$"'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/ldapMappings/${idOf(state)}`)).values;
          expect(values).toMatchObject({ jidMapping: '$mail$', nameMapping: '$displayName$' });
          expect(values.coSpaceUriMapping ?? '').toBe('');
        },
      },
      {
        config: config('$mail$', 'name_mapping = "$displayName$"'),
        preConfig: async ({ api, state }) => api.update(`/ldapMappings/${idOf(state)}`, { jidMapping: '$uid$@example.com', coSpaceUriMapping: '$uid$' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/ldapMappings/${idOf(state)}`)).values).toMatchObject({ jidMapping: '$mail$', coSpaceUriMapping: '' }),
      },
      {
        config: config('$mail$', 'name_mapping = "$displayName$"'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ldapMappings/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('$sAMAccountName@example.com', ''), expectError: /cms_ldap_mapping\.jid_mapping has an unmatched "\$": LDAP attributes are written \$attributeName\$/, expectNoWrites: true },
      { config: config('$mail$', 'cospace_name_mapping = "$cn$ $ $x$"'), expectError: /cospace_name_mapping has an unmatched "\$"/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_ldap_mapping: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
