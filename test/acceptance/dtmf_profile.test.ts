import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_dtmf_profile.standard';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/dtmf_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/dtmfProfiles')).toEqual([]) };

const config = (mute: string, extra = '') => `
resource "cms_dtmf_profile" "standard" {
  mute_self_audio             = "${mute}"
  unmute_self_audio           = "#6"
  lock_call                   = "*7"
  unlock_call                 = "#7"
  start_recording             = "*8"
  stop_recording              = "#8"
  end_call                    = "*9"
  get_total_participant_count = "*0"
  ${extra}
}
`;

it('cms_dtmf_profile: sequences set, changed, unset, imported by id, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('*6'),
        check: async ({ api, state }) => {
          const values = (await api.get(`/dtmfProfiles/${idOf(state)}`)).values;
          expect(values).toMatchObject({ muteSelfAudio: '*6', unmuteSelfAudio: '#6', endCall: '*9', getTotalParticipantCount: '*0' });
          // The server answers every key, unset ones as empty elements; they read as unset.
          expect(values.nextLayout ?? '').toBe('');
          expect(state[0].values.next_layout).toBeNull();
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: idOf, viaBlock: true },
      { config: config('**6', 'next_layout = "*4"'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('**6'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/dtmfProfiles/${idOf(state)}`)).values.nextLayout ?? '').toBe(''),
      },
      {
        config: config('**6'),
        preConfig: async ({ api, state }) => api.update(`/dtmfProfiles/${idOf(state)}`, { muteSelfAudio: '1', previousLayout: '#4' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/dtmfProfiles/${idOf(state)}`)).values).toMatchObject({ muteSelfAudio: '**6', previousLayout: '' }),
      },
      {
        config: config('**6'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/dtmfProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('*6A'), expectError: /cms_dtmf_profile\.mute_self_audio must be a DTMF sequence of digits, \* and #/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_dtmf_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
