/**
 * `cms-iac export` of the lab (examples/lab-single-server's state, as a simulator scenario):
 * the export only reads; the Terraform files it writes are formatted; their first plan imports
 * every object and changes nothing; apply succeeds and the next plan is empty. LDAP-made
 * spaces, members and template assignments are left out, each with its reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAB_SCENARIO } from '../../simulator/src/fixtures/lab';
import { useAcceptanceEnv } from './harness/acceptance';
import { Terraform } from './harness/terraform';
import { adoptAndConverge, filesHoldingSecrets, mmpNodeArgs, runExportCommand, secretValues, synthExportedApp, typeCheckExportedApp, writesAmong } from './export-support';

const env = useAcceptanceEnv({ scenario: LAB_SCENARIO, mmp: true });

it('exports the lab as HCL: reads only, plans imports only, applies, re-plans empty', async () => {
  const e = env();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-lab-'));
  try {
    const run = await runExportCommand(e.sim, ['--url', e.sim.url, ...mmpNodeArgs(e.sim), '--out', dir, '--quiet']);
    expect(writesAmong(run.requests)).toEqual([]);
    expect(run.manifest.resources.every((r) => r.imported)).toBe(true);
    const files = fs.readFileSync(path.join(dir, 'cms_ldap_server.tf'.replace('cms_', '')), 'utf8');
    expect(files).toMatch(/password\w* += var\.ldap_server_corporate_directory_password/);
    expect(fs.readFileSync(path.join(dir, 'cospace.tf'), 'utf8')).toMatch(/Left out \(4\): Alice Archer's space, .*\n# Why: made by LDAP sync/);
    expect(run.manifest.leftOut.filter((l) => /LDAP sync/.test(l.reason)).map((l) => l.type).sort()).toEqual([
      ...Array(4).fill('cms_cospace'),
      ...Array(4).fill('cms_cospace_member'),
      ...Array(4).fill('cms_user_cospace_template'),
    ]);

    const secrets = secretValues(e.sim, run.manifest);
    expect(Object.values(secrets)).toContain('lab-Bind-Secret-2291');
    const tf = new Terraform(dir, { ...e.tfEnv, ...secrets });
    await tf.expect(['fmt', '-check', '-recursive', '-no-color']);
    await tf.expect(['init', '-input=false', '-no-color']);
    const { imports } = await adoptAndConverge(tf, run.manifest);
    expect(imports).toBe(run.manifest.resources.length);
    // The node's own objects too: its certificates (made on the node), its MMP user, its settings.
    expect(Object.fromEntries(run.manifest.types.filter((t) => /node|mmp/.test(t.type)).map((t) => [t.type, t.exported]))).toEqual({
      cms_mmp_account: 1,
      cms_mmp_account_policy: 1,
      cms_node_certificate: 2,
      cms_node_logging: 1,
      cms_node_settings: 1,
      cms_node_tls: 1,
    });
    // No secret in the files, the plan or the state: they are write-only variables.
    expect(filesHoldingSecrets(dir, secrets)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

it('exports the lab as a CDKTF app on the L2 constructs: synthesizes, plans imports only, applies, re-plans empty', async () => {
  const e = env();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-lab-cdktf-'));
  try {
    const dir = path.join(root, 'lab');
    const run = await runExportCommand(e.sim, ['--url', e.sim.url, ...mmpNodeArgs(e.sim), '--out', dir, '--format', 'cdktf', '--quiet']);
    expect(writesAmong(run.requests)).toEqual([]);
    const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
    // The space template with its roles and the LDAP import are L2 constructs; the rest L1.
    expect(main).toMatch(/new SpaceTemplate\(this, 'space_template_team_meeting', \{/);
    expect(main).toMatch(/new LdapImport\(this, 'ldap_import_corporate_directory', \{[\s\S]*sync: false/);
    expect(main).toMatch(/new callLegProfile\.CallLegProfile\(this, 'call_leg_profile_everyone'/);
    await typeCheckExportedApp(dir);
    const secrets = secretValues(e.sim, run.manifest);
    const stackDir = await synthExportedApp(dir, 'lab');
    const tf = new Terraform(stackDir, { ...e.tfEnv, ...secrets });
    await tf.expect(['init', '-input=false', '-no-color']);
    await adoptAndConverge(tf, run.manifest);
    // The same addresses as the HCL export, so one state fits both.
    const addresses = (await tf.state()).map((r) => r.address).sort();
    expect(addresses).toEqual(expect.arrayContaining(['cms_call_leg_profile.everyone', 'cms_ldap_server.corporate_directory', 'cms_node_settings.cms1']));
    expect(filesHoldingSecrets(dir, secrets)).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 180_000);
