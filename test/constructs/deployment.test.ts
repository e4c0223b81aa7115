/**
 * A whole app, as docs/constructs.md shows it: it synthesizes through `app.synth()`, refused
 * rules fail it, and policies of one's own run as Aspects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Aspects, Testing } from 'cdktf';
import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { cdrReceiver, LdapServer, RequireRolePasscodes, SpaceTemplate, RoleSeparation } from '../../constructs/src';
import { buildExampleApp } from './example-app';
import { meetingServer, newStack, synth } from './helpers';

describe('a complete app', () => {
  it('synthesizes with app.synth(), one provider per node plus the database cluster one', () => {
    const app = Testing.app();
    const stack = buildExampleApp(app);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks/cms/cdk.tf.json'), 'utf8')) as { provider: { cms: { alias?: string }[] }; resource: Record<string, object> };
    expect(json.provider.cms.map((p) => p.alias)).toEqual([undefined, 'cms2', 'cms3', 'db-database']);
    expect(Object.keys(json.resource).sort()).toEqual([
      'cms_access_method_template',
      'cms_call_bridge',
      'cms_call_bridge_cluster_settings',
      'cms_call_bridge_group',
      'cms_call_leg_profile',
      'cms_call_profile',
      'cms_cospace_template',
      'cms_database_cluster',
      'cms_dial_in_security_profile',
      'cms_ldap_mapping',
      'cms_ldap_server',
      'cms_ldap_source',
      'cms_ldap_sync',
      'cms_ldap_user_cospace_template_source',
      'cms_node_settings',
      'cms_turn_server',
      'cms_user_profile',
      'cms_web_bridge',
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations: unknown[] }> };
    expect(manifest.stacks[stack.node.id].annotations).toEqual([]);
  });

  it('app.synth() fails on a refused rule and names it', () => {
    const app = Testing.app();
    const stack = newStack(app);
    meetingServer(stack, 'cms1', { ntpServers: [] });
    expect(() => app.synth()).toThrow(/\[test\/cms1\] \[CMS-NTP\]/);
  });
});

describe('[CMS-CDR-COUNT]', () => {
  it('refuses a fifth CDR receiver on one Meeting Server', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1');
    for (let i = 1; i <= 4; i++) new cdrReceiver.CdrReceiver(stack, `cdr${i}`, { uri: `https://cdr${i}.example.com/cdr`, provider: server.provider });
    expect(() => synth(stack)).not.toThrow();
    new cdrReceiver.CdrReceiver(stack, 'cdr5', { uri: 'https://cdr5.example.com/cdr', provider: server.provider });
    expect(() => synth(stack)).toThrow(/\[test\] \[CMS-CDR-COUNT\] a Meeting Server accepts at most 4 CDR receivers; 5 are declared for provider cms.cms1/);
  });
});

describe('Aspects: policies of your own', () => {
  function stackWith(minPasscodeLength?: number) {
    const app = Testing.app();
    const stack = newStack(app);
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new SpaceTemplate(stack, 'team', {
      name: 'Team',
      roleSeparation: RoleSeparation.PASSCODE,
      roles: [{ name: 'Host', minPasscodeLength: 6 }, { name: 'Guest', minPasscodeLength }],
    });
    return { app, stack };
  }

  it('RequireRolePasscodes refuses a role without passcode', () => {
    const { app, stack } = stackWith(undefined);
    Aspects.of(stack).add(new RequireRolePasscodes());
    expect(() => app.synth()).toThrow(/\[test\/team\] \[POLICY-ROLE-PASSCODE\] role Guest of space template Team must require a passcode of at least 1 digits; it requires 0/);
  });

  it('passes when every role has a long enough passcode, and can only warn', () => {
    const ok = stackWith(4);
    Aspects.of(ok.stack).add(new RequireRolePasscodes({ minimumLength: 4 }));
    expect(() => ok.app.synth()).not.toThrow();

    const short = stackWith(2);
    Aspects.of(short.stack).add(new RequireRolePasscodes({ minimumLength: 4, warnOnly: true }));
    expect(synth(short.stack).warnings).toEqual([expect.stringContaining('[POLICY-ROLE-PASSCODE] role Guest')]);
  });
});

describe('an Aspect of your own (the docs/constructs.md example)', () => {
  class RequireLdaps implements IAspect {
    visit(node: IConstruct): void {
      if (node instanceof LdapServer && node.resource.secureInput !== true) {
        Annotations.of(node).addError('[POLICY-LDAPS] LDAP servers must use LDAPS (secure: true).');
      }
    }
  }

  it('refuses plain LDAP and accepts LDAPS', () => {
    const app = Testing.app();
    const stack = newStack(app);
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new LdapServer(stack, 'ldaps', { name: 'A', address: 'a.example.com' });
    new LdapServer(stack, 'plain', { name: 'B', address: 'b.example.com', secure: false });
    // Aspects run per stack: add them to the stack (an Aspect on the App is not applied).
    Aspects.of(stack).add(new RequireLdaps());
    expect(() => app.synth()).toThrow(/\[test\/plain\] \[POLICY-LDAPS\] LDAP servers must use LDAPS/);
    expect(() => app.synth()).not.toThrow(/test\/ldaps\]/);
  });
});
