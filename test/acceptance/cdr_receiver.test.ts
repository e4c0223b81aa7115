import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_cdr_receiver.cmm';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/cdr_receiver.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/system/cdrReceivers')).toEqual([]) };

const config = (uri: string, others = 0) => `
resource "cms_cdr_receiver" "cmm" {
  uri = "${uri}"
}

resource "cms_cdr_receiver" "billing" {
  count = ${others}
  uri   = "https://billing\${count.index}.example.com/cdr"
}
`;

it('cms_cdr_receiver: create, import by id and URI, update, drift, at most four, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('https://cmm.example.com:9443/cdr'),
        check: async ({ api, state }) => {
          expect((await api.get(`/system/cdrReceivers/${idOf(ADDR)(state)}`)).values).toEqual({ uri: 'https://cmm.example.com:9443/cdr' });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'uri=https://cmm.example.com:9443/cdr', viaBlock: true },
      { config: config('https://cmm2.example.com:9443/cdr'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('https://cmm2.example.com:9443/cdr'),
        preConfig: async ({ api, state }) => api.update(`/system/cdrReceivers/${idOf(ADDR)(state)}`, { uri: 'https://other.example.com/cdr' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/system/cdrReceivers/${idOf(ADDR)(state)}`)).values.uri).toBe('https://cmm2.example.com:9443/cdr'),
      },
      {
        config: config('https://cmm2.example.com:9443/cdr'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/system/cdrReceivers/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('https://cmm2.example.com:9443/cdr', 3), check: async ({ api }) => expect(await idsIn(api, '/system/cdrReceivers')).toHaveLength(4) },
      {
        // A fifth receiver is refused at plan (the server would refuse it with tooManyCdrReceivers).
        config: config('https://cmm2.example.com:9443/cdr', 4),
        expectError: /with cms_cdr_receiver\.(cmm|billing\[\d\]).*CMS-CDR-COUNT: this configuration declares 5 cms_cdr_receiver, more than 4\. .*remove one/,
        expectNoWrites: true,
      },
      { config: config('cmm.example.com/cdr', 3), expectError: /cms_cdr_receiver\.uri must be an http\(s\) URL/, expectNoWrites: true },
      { config: config('ftp://cmm.example.com/cdr', 3), expectError: /cms_cdr_receiver\.uri must use https:\/\/ or http:\/\//, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_cdr_receiver: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
