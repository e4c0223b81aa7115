/**
 * cms_mmp_account: an api user and a backup admin with SSH keys, the password write-only (never
 * in state, the log or the command line), signing in to the API and the MMP with what was set;
 * empty plans, import, drift (a key added by hand, the user deleted by hand) corrected, a new
 * password version, and the provider's own MMP account never deleted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { utils } from 'ssh2';
import { CmsClient } from '../../provider/src/cms/client';
import { MmpClient } from '../../provider/src/cms/mmp';
import { acceptance, useAcceptanceEnv, workdir } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });
const KEY = utils.generateKeyPairSync('ed25519', { comment: 'backup@example.com' });
const ROGUE = utils.generateKeyPairSync('ed25519', { comment: 'rogue' });

const config = (apiVersion = 1, apiPassword = 'api-Secret-101') => `
resource "cms_mmp_account" "api" {
  node                = "cms1"
  name                = "automation"
  role                = "api"
  password_wo         = "${apiPassword}"
  password_wo_version = ${apiVersion}
}

resource "cms_mmp_account" "backup" {
  node                = "cms1"
  name                = "backupadmin"
  role                = "admin"
  password_wo         = "backup-Secret-202"
  password_wo_version = 1
  authorized_keys     = ["${KEY.public}"]
}
`;

async function apiWorks(url: string, ca: string, password: string): Promise<boolean> {
  const client = new CmsClient({ url, username: 'automation', password, caBundle: ca, retries: 0 });
  try {
    await client.get('/system/status');
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

beforeEach(() => env().sim.reset());

it('cms_mmp_account: created with a write-only password, imported, drift corrected, password rotated', async () => {
  const e = env();
  const node = e.sim.node('cms1');
  await acceptance(
    e,
    [
      {
        config: config(),
        check: async ({ sim, tf }) => {
          expect(sim.runMmpCommand('cms1', 'user list')).toMatch(/^automation +api$[\s\S]*^backupadmin +admin$|^backupadmin +admin$[\s\S]*^automation +api$/m);
          expect(await apiWorks(sim.url, sim.caPem, 'api-Secret-101')).toBe(true);
          // The backup admin signs in to the MMP with its key.
          const byKey = new MmpClient({ host: '127.0.0.1', port: node.ssh!.port, username: 'backupadmin', privateKey: KEY.private, hostKeyFingerprint: node.ssh!.hostKeyFingerprint });
          expect(await byKey.users()).toHaveLength(3);
          await byKey.close();
          const state = fs.readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8');
          expect(state).not.toMatch(/Secret-101|Secret-202/);
          expect(JSON.stringify(sim.log.entries())).not.toMatch(/Secret-101|Secret-202/);
          expect(sim.log.entries({ method: 'MMP' }).map((l) => l.path)).toEqual(expect.arrayContaining(['user add automation api', 'user add backupadmin admin']));
        },
      },
      { importAddress: 'cms_mmp_account.backup', importId: 'cms1/backupadmin', verifyIgnore: ['password_wo_version'] },
      {
        // The import's version is unknown: the next apply sets the password again, no new account.
        config: config(),
        expectActions: { 'cms_mmp_account.backup': ['update'] },
      },
      {
        // A key added by hand, and the api user deleted by hand: both put back.
        config: config(),
        preConfig: async ({ sim }) => {
          sim.writeMmpFile('cms1', 'backupadmin.pub', `${KEY.public}\n${ROGUE.public}\n`);
          sim.runMmpCommand('cms1', 'user del automation');
        },
        expectActions: { 'cms_mmp_account.backup': ['update'], 'cms_mmp_account.api': ['create'] },
        check: async ({ sim }) => {
          expect(sim.readMmpFile('cms1', 'backupadmin.pub')?.toString()).not.toContain('rogue');
          expect(await apiWorks(sim.url, sim.caPem, 'api-Secret-101')).toBe(true);
        },
      },
      {
        config: config(2, 'api-Secret-303'),
        expectActions: { 'cms_mmp_account.api': ['update'] },
        check: async ({ sim }) => {
          expect(await apiWorks(sim.url, sim.caPem, 'api-Secret-303')).toBe(true);
          expect(await apiWorks(sim.url, sim.caPem, 'api-Secret-101')).toBe(false);
          expect(sim.log.entries({ method: 'MMP' }).map((l) => l.path)).toContain('passwd automation');
        },
      },
      {
        config: `${config(2, 'api-Secret-303')}\nresource "cms_mmp_account" "bad" {\n  node = "cms1"\n  name = "9lives"\n  role = "audit"\n  password_wo = "x-Secret-1"\n  password_wo_version = 1\n}\n`,
        expectError: /CMS-ACCOUNT-NAME: an MMP user name starts with a letter/,
        expectNoWrites: true,
      },
      {
        config: `${config(2, 'api-Secret-303')}\nresource "cms_mmp_account" "bad" {\n  node = "cms1"\n  name = "ops"\n  role = "operator"\n  password_wo = "x-Secret-1"\n  password_wo_version = 1\n}\n`,
        expectError: /role must be one of "admin", "crypto", "audit", "appadmin", "api"/,
        expectNoWrites: true,
      },
    ],
    { checkDestroy: async ({ sim }) => expect([sim.node('cms1').users.map((u) => u.name), sim.mmpFiles('cms1').filter((f) => f.endsWith('.pub'))]).toEqual([['admin'], []]) },
  );
});

it('refuses to delete the MMP account the provider signs in with', async () => {
  const e = env();
  const node = e.sim.node('cms1');
  e.sim.runMmpCommand('cms1', 'user add ops admin', ['ops-Secret-1', 'ops-Secret-1']);
  const tf = await workdir(e);
  try {
    tf.writeConfig(`
provider "cms" {
  mmp_node {
    name                 = "cms1"
    address              = "127.0.0.1"
    port                 = ${node.ssh!.port}
    host_key_fingerprint = "${node.ssh!.hostKeyFingerprint}"
    username             = "ops"
    password             = "ops-Secret-1"
  }
}

import {
  to = cms_mmp_account.ops
  id = "cms1/ops"
}

resource "cms_mmp_account" "ops" {
  node                = "cms1"
  name                = "ops"
  role                = "admin"
  password_wo         = "ops-Secret-1"
  password_wo_version = 1
}
`);
    await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
    const destroy = await tf.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(destroy.code).toBe(1);
    expect((destroy.stdout + destroy.stderr).replace(/\s+/g, ' ')).toMatch(/Refusing to delete the MMP account the provider signs in with.*signs in to the MMP of node cms1 as ops/);
    expect(node.users.map((u) => u.name)).toEqual(['admin', 'ops']);
    await tf.expect(['state', 'rm', 'cms_mmp_account.ops']);
  } finally {
    fs.rmSync(tf.dir, { recursive: true, force: true });
  }
});
