/**
 * The provider learns the server's softwareVersion when it is configured, and refuses at plan
 * an attribute the server is too old for, naming the attribute and both versions, before any
 * request reaches the server.
 */
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ softwareVersion: '3.4' });

const turn = (extra = '') => `
resource "cms_turn_server" "edge" {
  server_address = "10.0.0.10"
  type           = "expressway"
${extra}}
`;
const SHORT_TERM = '  use_short_term_credentials = true\n  credential_server_address  = "expc.example.com"\n  credential_server_username = "cms"\n';

const profile = (extra: string) => `
resource "cms_call_profile" "meetings" {
  name = "Meetings"
${extra}}
`;

it('a server reporting 3.4: 3.13 and 3.8 attributes refused at plan, 3.4 ones taken', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: turn(SHORT_TERM),
        expectError: /cms_turn_server\.use_short_term_credentials needs Meeting Server 3\.13 or later; the server reports softwareVersion 3\.4\. Remove use_short_term_credentials from the configuration, or upgrade the server to 3\.13 or later first/,
        expectNoWrites: true,
      },
      // The same resource without the 3.13 attributes, and attributes of 3.4 itself, apply.
      { config: turn() + profile('  notes_allowed    = true\n  captions_allowed = true\n') },
      {
        config: turn() + profile('  survey_allowed = true\n'),
        expectError: /cms_call_profile\.survey_allowed needs Meeting Server 3\.8 or later; the server reports softwareVersion 3\.4/,
        expectNoWrites: true,
      },
    ],
    {
      checkDestroy: async ({ api }) => {
        expect(await idsIn(api, '/turnServers')).toEqual([]);
        expect(await idsIn(api, '/callProfiles')).toEqual([]);
      },
    },
  );
});
