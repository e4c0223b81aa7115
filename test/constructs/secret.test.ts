/**
 * Secrets never reach cdk.tf.json in plain text: they are sensitive Terraform variables (or
 * tokens) that Terraform resolves at plan time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformVariable, Testing } from 'cdktf';
import { LdapServer, MeetingServer, Secret, TurnCredentials, TurnServer, TurnServerType } from '../../constructs/src';
import { meetingServer, newStack, resolve, synth } from './helpers';

const VALUE = 'Sup3r-Secret-Value-9931';

describe('Secret', () => {
  afterEach(() => {
    delete process.env.TF_VAR_cms_password;
    delete process.env.TF_VAR_turn_password;
  });

  it('fromVariable declares a sensitive string variable and passes a reference', () => {
    const stack = newStack();
    const password = Secret.fromVariable(stack, 'cms_password', { description: 'API password' });
    new MeetingServer(stack, 'cms1', { name: 'cms1', apiUrl: 'https://cms1.example.com:445', password });
    const s = synth(stack);
    expect((s.json.variable as Record<string, unknown>).cms_password).toEqual({ type: 'string', sensitive: true, ephemeral: true, description: 'API password' });
    expect(s.providers()[0].password).toBe('${var.cms_password}');
  });

  it('asking twice for one variable reuses it', () => {
    const stack = newStack();
    const a = Secret.fromVariable(stack, 'shared');
    const b = Secret.fromVariable(stack, 'shared');
    expect(resolve(stack, a.value)).toBe('${var.shared}');
    expect(resolve(stack, b.value)).toBe('${var.shared}');
    expect(Object.keys(synth(stack).json.variable as object)).toEqual(['shared']);
  });

  it('fromEnv needs a TF_VAR_ name and declares the variable after the prefix', () => {
    const stack = newStack();
    expect(() => Secret.fromEnv(stack, 'CMS_PASSWORD')).toThrow(/TF_VAR_cms_password/);
    const s = Secret.fromEnv(stack, 'TF_VAR_turn_password');
    expect(stack.node.tryFindChild('turn_password')).toBeInstanceOf(TerraformVariable);
    expect(s.toString()).toBe('<secret turn_password>');
  });

  it('fromToken refuses a literal string, and fromTerraformVariable a variable that is not sensitive', () => {
    const stack = newStack();
    expect(() => Secret.fromToken(VALUE)).toThrow(/plain text/);
    const plain = new TerraformVariable(stack, 'plain', { type: 'string' });
    expect(() => Secret.fromTerraformVariable(plain)).toThrow(/sensitive: true/);
    const sensitive = new TerraformVariable(stack, 'hidden', { type: 'string', sensitive: true });
    expect(resolve(stack, Secret.fromTerraformVariable(sensitive).value)).toBe('${var.hidden}');
    expect(resolve(stack, Secret.fromToken(sensitive.stringValue).value)).toBe('${var.hidden}');
  });

  it('has a version, 1 unless given, which says when the value is sent again', () => {
    const stack = newStack();
    expect(Secret.fromVariable(stack, 'a').version).toBe(1);
    expect(Secret.fromEnv(stack, 'TF_VAR_b', { version: 3 }).version).toBe(3);
    const hidden = new TerraformVariable(stack, 'hidden', { type: 'string', sensitive: true });
    expect(Secret.fromToken(hidden.stringValue, { version: 2 }).version).toBe(2);
    expect(() => Secret.fromVariable(stack, 'c', { version: 0 })).toThrow(/whole number from 1/);
  });

  it('constructs give secrets to the write-only form, with the version: a rotation raises it', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'edge', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: TurnCredentials.longTerm({ username: 'turn', password: Secret.fromEnv(stack, 'TF_VAR_turn_password', { version: 2 }) }) });
    const turn = synth(stack).only('cms_turn_server');
    expect(turn).toMatchObject({ password_wo: '${var.turn_password}', password_wo_version: 2 });
    expect(turn.password).toBeUndefined();
  });

  it('bad variable names are refused', () => {
    expect(() => Secret.fromVariable(newStack(), 'my-password')).toThrow(/Terraform identifier/);
  });

  it('no secret value appears in the synthesized cdk.tf.json, even when the environment holds it', () => {
    process.env.TF_VAR_cms_password = VALUE;
    process.env.TF_VAR_turn_password = VALUE;
    const app = Testing.app();
    const stack = newStack(app);
    const server = new MeetingServer(stack, 'cms1', {
      name: 'cms1',
      apiUrl: 'https://cms1.example.com:445',
      password: Secret.fromEnv(stack, 'TF_VAR_cms_password'),
      mmpPassword: Secret.fromEnv(stack, 'TF_VAR_cms_password'),
      defaultProvider: true,
    });
    new TurnServer(stack, 'edge', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: TurnCredentials.longTerm({ username: 'turn', password: Secret.fromEnv(stack, 'TF_VAR_turn_password') }) });
    new LdapServer(stack, 'ad', { name: 'AD', address: 'ldap.example.com', bindPassword: Secret.fromVariable(stack, 'ldap_password'), apiServer: server });
    app.synth();
    const text = fs.readFileSync(path.join(app.outdir, 'stacks/test/cdk.tf.json'), 'utf8');
    expect(text).not.toContain(VALUE);
    expect(text).toContain('${var.cms_password}');
    expect(text).toContain('${var.turn_password}');
    expect(text).toContain('${var.ldap_password}');
  });
});
