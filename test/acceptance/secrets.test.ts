/**
 * Secrets in their Terraform forms, against the simulator: the write-only form is sent on create
 * and when its version changes, never stored in state; a secret left out of the configuration is
 * left as it is on the server (so configuration Terraform generates for imported objects, where
 * sensitive values are null, plans as pure imports and wipes nothing); `""` with a new version
 * clears one on purpose; mixing the forms is refused at plan with no request that writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv, workdir } from './harness/acceptance';
import type { StepContext } from './harness/acceptance';

const env = useAcceptanceEnv();
const TURN = 'cms_turn_server.edge';

const idOf = (state: StepContext['state'], address: string) => String(state.find((r) => r.address === address)?.values.id);
const valuesOf = (state: StepContext['state'], address: string) => state.find((r) => r.address === address)?.values ?? {};

/** A TURN server whose password is given by `password` (HCL lines) from an ephemeral variable. */
const turn = (value: string, password: string) => `
variable "turn_password" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = "${value}"
}

resource "cms_turn_server" "edge" {
  server_address = "10.0.0.20"
  type           = "expressway"
  username       = "turnuser"
  ${password}
}
`;

async function serverPassword(ctx: StepContext): Promise<string | undefined> {
  return (await ctx.api.get(`/turnServers/${idOf(ctx.state, TURN)}`)).values.password;
}

it('write-only TURN password: sent on create and on a new version only, never in state, left alone when removed, cleared with ""', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: turn('first-Turn-Secret-1111', 'password_wo = var.turn_password\n  password_wo_version = 1'),
        check: async (ctx) => {
          expect(await serverPassword(ctx)).toBe('first-Turn-Secret-1111');
          expect(valuesOf(ctx.state, TURN)).toMatchObject({ password: null, password_wo: null, password_wo_version: 1 });
          expect(JSON.stringify(ctx.state)).not.toContain('first-Turn-Secret-1111');
        },
      },
      {
        // A new value under the same version is not seen by Terraform, so nothing is sent.
        config: turn('second-Turn-Secret-2222', 'password_wo = var.turn_password\n  password_wo_version = 1'),
        expectActions: { [TURN]: ['no-op'] },
        check: async (ctx) => expect(await serverPassword(ctx)).toBe('first-Turn-Secret-1111'),
      },
      {
        config: turn('second-Turn-Secret-2222', 'password_wo = var.turn_password\n  password_wo_version = 2'),
        expectActions: { [TURN]: ['update'] },
        check: async (ctx) => expect(await serverPassword(ctx)).toBe('second-Turn-Secret-2222'),
      },
      {
        // Left out: no longer managed, and never wiped.
        config: turn('unused', ''),
        expectActions: { [TURN]: ['update'] },
        check: async (ctx) => expect(await serverPassword(ctx)).toBe('second-Turn-Secret-2222'),
      },
      {
        config: turn('unused', 'password = "third-Turn-Secret-3333"'),
        expectActions: { [TURN]: ['update'] },
        check: async (ctx) => {
          expect(await serverPassword(ctx)).toBe('third-Turn-Secret-3333');
          expect(valuesOf(ctx.state, TURN).password).toBe('third-Turn-Secret-3333'); // the sensitive form is kept in state
        },
      },
      {
        config: turn('fourth-Turn-Secret-4444', 'password_wo = var.turn_password\n  password_wo_version = 1'),
        expectActions: { [TURN]: ['update'] },
        check: async (ctx) => {
          expect(await serverPassword(ctx)).toBe('fourth-Turn-Secret-4444');
          expect(valuesOf(ctx.state, TURN).password).toBeNull();
        },
      },
      {
        config: turn('', 'password_wo = var.turn_password\n  password_wo_version = 2'),
        expectActions: { [TURN]: ['update'] },
        check: async (ctx) => expect(await serverPassword(ctx)).toBeUndefined(),
      },
      {
        config: turn('fifth', 'password = "fifth-Turn-Secret-5555"\n  password_wo = var.turn_password\n  password_wo_version = 3'),
        expectError: /Error: Invalid password_wo for cms_turn_server .*with cms_turn_server\.edge.*cms_turn_server\.password and cms_turn_server\.password_wo are both set; set one/,
        expectNoWrites: true,
      },
      {
        config: turn('fifth', 'password_wo = var.turn_password'),
        expectError: /with cms_turn_server\.edge.*cms_turn_server\.password_wo needs password_wo_version: set password_wo_version = 1/,
        expectNoWrites: true,
      },
      {
        config: turn('fifth', 'password_wo_version = 3'),
        expectError: /with cms_turn_server\.edge.*password_wo_version is set but password_wo is not/,
        expectNoWrites: true,
      },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/turnServers')).toEqual([]) },
  );
});

it('configuration generated for an imported space and TURN server plans as imports only and keeps their secrets', async () => {
  const e = env();
  const space = await e.api.create('/coSpaces', { name: 'Board room', uri: 'board', passcode: '864200' });
  const edge = await e.api.create('/turnServers', { serverAddress: '10.0.0.30', type: 'standard', username: 'turnuser', password: 'imported-Turn-Secret-6060' });
  const tf = await workdir(e);
  try {
    fs.writeFileSync(
      path.join(tf.dir, 'imports.tf'),
      `import {\n  to = cms_cospace.board\n  id = "${space.id}"\n}\n\nimport {\n  to = cms_turn_server.edge\n  id = "server_address=10.0.0.30"\n}\n`,
    );
    await tf.expect(['plan', '-generate-config-out=generated.tf', '-input=false', '-no-color'], [0, 2]);
    const generated = fs.readFileSync(path.join(tf.dir, 'generated.tf'), 'utf8');
    expect(generated).toMatch(/passcode\s+= null/);
    expect(generated).toMatch(/password\s+= null/);

    await tf.expect(['plan', '-out=tfplan', '-input=false', '-no-color'], [0, 2]);
    const changes = await tf.planChanges('tfplan');
    expect(changes.map((c) => ({ address: c.address, actions: c.actions, importing: c.importing })).sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: 'cms_cospace.board', actions: ['no-op'], importing: true },
      { address: 'cms_turn_server.edge', actions: ['no-op'], importing: true },
    ]);
    e.sim.log.clear();
    await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
    expect(e.sim.log.entries().filter((x) => x.method !== 'GET')).toEqual([]);
    expect((await e.api.get(`/coSpaces/${space.id}`)).values.passcode).toBe('864200');
    expect((await e.api.get(`/turnServers/${edge.id}`)).values.password).toBe('imported-Turn-Secret-6060');
    expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  } finally {
    await tf.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    fs.rmSync(tf.dir, { recursive: true, force: true });
  }
  expect(await idsIn(e.api, '/coSpaces')).toEqual([]);
  expect(await idsIn(e.api, '/turnServers')).toEqual([]);
});

it('a space passcode given write-only is sent, kept out of state, and left alone when removed', async () => {
  const e = env();
  const space = (lines: string) => `
resource "cms_cospace" "team" {
  name = "Team"
  uri  = "team"
  ${lines}
}
`;
  const passcode = async (ctx: StepContext) => (await ctx.api.get(`/coSpaces/${idOf(ctx.state, 'cms_cospace.team')}`)).values.passcode;
  await acceptance(
    e,
    [
      {
        config: space('passcode_wo = "246810"\n  passcode_wo_version = 1'),
        check: async (ctx) => {
          expect(await passcode(ctx)).toBe('246810');
          expect(valuesOf(ctx.state, 'cms_cospace.team')).toMatchObject({ passcode: null, passcode_wo: null, passcode_wo_version: 1 });
        },
      },
      { config: space(''), expectActions: { 'cms_cospace.team': ['update'] }, check: async (ctx) => expect(await passcode(ctx)).toBe('246810') },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/coSpaces')).toEqual([]) },
  );
});
