/**
 * Everything wrong is refused at `terraform plan`, for HCL users too: each case names the
 * resource address, the attribute or deployment rule id, and the fix, and the simulator receives
 * no request that writes (POST, PUT, DELETE, MMP command). Rules across resources are checked by
 * the one provider process that plans them all; an instance planned again (a replacement, the
 * apply's own plan) is never refused against itself.
 */
import * as fs from 'node:fs';
import { acceptance, useAcceptanceEnv, workdir } from './harness/acceptance';
import type { ConfigStep } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });

const turn = (name: string, body: string) => `resource "cms_turn_server" "${name}" {\n  ${body}\n}\n`;
const refused = (config: string, expectError: RegExp): ConfigStep => ({ config, expectError, expectNoWrites: true });

it('rules across resources: duplicates, singletons declared twice, counts, mixed modes', async () => {
  await acceptance(env(), [
    refused(turn('a', 'server_address = "10.0.0.10"') + turn('b', 'server_address = "10.0.0.10"'), /with cms_turn_server\.(a|b).*CMS-KEY-UNIQUE: cms_turn_server\.server_address is the same as in another cms_turn_server of this configuration\. .*declare each TURN server once/),
    refused(
      turn('a', 'server_address = "10.0.0.10"') + turn('b', 'server_address = "10.0.0.11"\n  type = "expressway"\n  use_short_term_credentials = true\n  credential_server_address = "expc.example.com"\n  credential_server_username = "cms"'),
      /with cms_turn_server\.(a|b).*CMS-TURN-CREDENTIAL-MODE: cms_turn_server\.use_short_term_credentials differs from another cms_turn_server of this configuration .*set use_short_term_credentials alike on every cms_turn_server/,
    ),
    refused('resource "cms_call_bridge_group" "a" {\n  name = "London"\n}\nresource "cms_call_bridge_group" "b" {\n  name = "London"\n}\n', /with cms_call_bridge_group\.(a|b).*CMS-NAME-UNIQUE: cms_call_bridge_group\.name is the same as in another cms_call_bridge_group .*give each its own, or remove one/),
    refused('resource "cms_tenant" "a" {\n  name = "Acme"\n}\nresource "cms_tenant" "b" {\n  name = "Acme"\n}\n', /with cms_tenant\.(a|b).*CMS-NAME-UNIQUE: cms_tenant\.name is the same as in another cms_tenant/),
    refused('resource "cms_cospace" "a" {\n  name = "A"\n  uri  = "sales"\n}\nresource "cms_cospace" "b" {\n  name = "B"\n  uri  = "sales"\n}\n', /with cms_cospace\.(a|b).*CMS-URI-UNIQUE: cms_cospace\.uri is the same as in another cms_cospace of this configuration\. .*give each its own URI/),
    refused('resource "cms_cospace" "a" {\n  name = "A"\n  uri  = "sales"\n}\nresource "cms_ivr" "b" {\n  uri = "sales"\n}\n', /with cms_(cospace\.a|ivr\.b).*CMS-URI-UNIQUE: cms_(cospace|ivr)\.uri is the same as in another cms_(ivr|cospace) of this configuration/),
    refused('resource "cms_system_profiles" "a" {}\nresource "cms_system_profiles" "b" {}\n', /with cms_system_profiles\.(a|b).*CMS-SINGLETON: cms_system_profiles is declared more than once in this configuration .*declare cms_system_profiles once/),
    refused('resource "cms_call_bridge_cluster_settings" "a" {\n  unique_name = "cb1"\n}\nresource "cms_call_bridge_cluster_settings" "b" {\n  unique_name = "cb1"\n}\n', /with cms_call_bridge_cluster_settings\.(a|b).*CMS-SINGLETON: cms_call_bridge_cluster_settings is declared more than once/),
    refused('resource "cms_node_settings" "a" {\n  node        = "cms1"\n  ntp_servers = ["ntp1.example.com"]\n}\nresource "cms_node_settings" "b" {\n  node        = "cms1"\n  dns_servers = ["10.0.0.53"]\n}\n', /with cms_node_settings\.(a|b).*CMS-SINGLETON: cms_node_settings is declared more than once for the same node .*one cms_node_settings per node/),
    refused('resource "cms_cdr_receiver" "r" {\n  count = 5\n  uri   = "https://cdr${count.index}.example.com/"\n}\n', /with cms_cdr_receiver\.r\[\d\].*CMS-CDR-COUNT: this configuration declares 5 cms_cdr_receiver, more than 4\. .*remove one/),
  ]);
});

it('read-only attributes are refused in configuration', async () => {
  await acceptance(env(), [
    refused('resource "cms_cospace" "a" {\n  name   = "A"\n  secret = "chosen-by-me"\n}\n', /Read-only secret for cms_cospace with cms_cospace\.a.*cms_cospace\.secret is read-only: the Meeting Server sets it, so a configured value could never be applied\. Remove it from the configuration/),
    refused('resource "cms_ldap_sync" "a" {\n  state = "complete"\n}\n', /with cms_ldap_sync\.a.*cms_ldap_sync\.state is read-only/),
    refused('resource "cms_cospace_member" "a" {\n  cospace_id = "9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7"\n  user_jid   = "ann@example.com"\n  user_id    = "9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c8"\n}\n', /with cms_cospace_member\.a.*cms_cospace_member\.user_id is read-only/),
  ]);
});

it('rule gaps: short-term TURN type, node listeners and certificates, database clusters, c2w URLs, provider mmp_node', async () => {
  const node = (body: string) => `resource "cms_node_settings" "cms1" {\n  node = "cms1"\n  ${body}\n}\n`;
  const db = (nodes: string, extra = '') =>
    `resource "cms_database_cluster" "db" {\n  nodes = {${nodes}}\n  primary = "cms1"\n  server_key = "s.key"\n  server_certificate = "s.crt"\n  client_key = "c.key"\n  client_certificate = "c.crt"\n  ca_certificate = "ca.crt"\n  ${extra}\n}\n`;
  await acceptance(env(), [
    refused(turn('st', 'server_address = "10.0.0.10"\n  use_short_term_credentials = true\n  credential_server_address = "expc.example.com"\n  credential_server_username = "cms"'), /with cms_turn_server\.st.*CMS-TURN-SHORT-TERM-TYPE: Short-term TURN credentials work only with an Expressway TURN server: set type = "expressway" \(it is not the default\).*cms_turn_server\.type: it is not set/),
    refused(node('web_admin_port = 443\n  web_bridge_https_listen = ["b:443"]'), /with cms_node_settings\.cms1.*CMS-WEBADMIN-443: Web Admin cannot listen on port 443 beside a Web Bridge \(web_admin_interface is not set, so it may share the interface of web_bridge_https_listen\[0\]\)/),
    refused(node('web_admin_interface = "a"\n  web_admin_port = 445\n  web_bridge_c2w_listen = "b:445"'), /with cms_node_settings\.cms1.*CMS-C2W-PORT: the c2w port is the Web Admin port \(on any interface it is refused\); use another, such as 9999/),
    refused(node('web_bridge_https_listen = ["a:443", "a:443"]'), /with cms_node_settings\.cms1.*CMS-PORT-CLASH: web_bridge_https_listen\[1\] repeats web_bridge_https_listen\[0\]; list each listener once/),
    refused(node('ntp_servers = ["ntp1.example.com", "NTP1.example.com"]'), /with cms_node_settings\.cms1.*CMS-NTP: ntp_servers\[1\] repeats ntp_servers\[0\] \(host names are not case sensitive\)/),
    refused(node('call_bridge_key = "cms.key"'), /with cms_node_settings\.cms1.*A private key without its certificate cannot be used by the Call Bridge: set call_bridge_certificate too.*cms_node_settings\.call_bridge_certificate: it is not set/),
    refused(db('cms1 = "10.0.0.1", cms2 = "not an address!", cms3 = "10.0.0.3"'), /with cms_database_cluster\.db.*cms_database_cluster\.nodes\["cms2"\] must be a host name or an IP address/),
    refused(db('cms1 = "10.0.0.1", cms2 = "10.0.0.2", cms3 = "10.0.0.1"'), /with cms_database_cluster\.db.*CMS-DB-MEMBERS: nodes\["cms3"\] has the same address as nodes\["cms1"\]/),
    refused(db(''), /Invalid nodes for cms_database_cluster with cms_database_cluster\.db.*CMS-DB-SIZE: a database cluster needs at least one node/),
    refused('resource "cms_web_bridge" "wb" {\n  url = "c2w://wb.example.com:443"\n}\n', /with cms_web_bridge\.wb.*cms_web_bridge\.url must not use port 443 \(CMS-C2W-PORT\): the Call Bridge to Web Bridge port is usually 9999/),
    refused('provider "cms" {\n  mmp_node {\n    name = "cms1"\n    address = "127.0.0.1"\n    port = 70000\n  }\n}\n' + node('ntp_servers = ["ntp1.example.com"]'), /Invalid mmp_node port.*mmp_node "cms1": port must be a whole number from 1 to 65535/),
    refused('provider "cms" {\n  mmp_node {\n    name = "cms1"\n    address = "127.0.0.1"\n    host_key_fingerprint = "ab:cd:ef"\n  }\n}\n' + node('ntp_servers = ["ntp1.example.com"]'), /Invalid mmp_node host_key_fingerprint.*mmp_node "cms1": host_key_fingerprint must be a SHA256 fingerprint/),
  ]);
});

it('settings a server keeps and ignores are warned at plan: a short-term TURN server\'s user name, credential server settings without short-term credentials', async () => {
  const e = env();
  const tf = await workdir(e);
  const warned = async (config: string, warning: RegExp) => {
    tf.writeConfig(config);
    e.sim.log.clear();
    const plan = await tf.run(['plan', '-input=false', '-no-color']);
    expect(plan.code).toBe(0);
    expect((plan.stdout + plan.stderr).replace(/\s+/g, ' ')).toMatch(warning);
    expect(e.sim.log.entries().filter((x) => x.method !== 'GET')).toEqual([]);
  };
  try {
    await warned(
      turn('st', 'server_address = "10.0.0.10"\n  type = "expressway"\n  username = "turnuser"\n  use_short_term_credentials = true\n  credential_server_address = "expc.example.com"\n  credential_server_username = "cms"'),
      /Warning: Ignored username for cms_turn_server with cms_turn_server\.st.*takes no long-term user name or password.*remove username and password.*cms_turn_server\.username: it is set/,
    );
    await warned(
      turn('lt', 'server_address = "10.0.0.10"\n  credential_server_address = "expc.example.com"\n  credential_server_password_wo = "x"\n  credential_server_password_wo_version = 1'),
      /Warning: Ignored credential_server_address for cms_turn_server with cms_turn_server\.lt.*credential server settings apply only with short-term credentials.*Warning: Ignored credential_server_password_wo .*cms_turn_server\.credential_server_password_wo: it is set/,
    );
  } finally {
    fs.rmSync(tf.dir, { recursive: true, force: true });
  }
});

it('a sensitive value given to an ordinary attribute by mistake is never repeated', async () => {
  const secret = 'Wr0ng-Place-Secret';
  await acceptance(env(), [
    refused(`variable "p" {\n  type      = string\n  sensitive = true\n  default   = "${secret}"\n}\n\nresource "cms_call_bridge" "a" {\n  name    = "cb1"\n  address = var.p\n}\n`, new RegExp(`^(?!.*${secret}).*with cms_call_bridge\\.a.*cms_call_bridge\\.address must be an http\\(s\\) URL starting with https:// or http://\\.`)),
  ]);
});

it('an import id that is a name where an id is expected suggests the natural key', async () => {
  const e = env();
  const tf = await workdir(e);
  try {
    tf.writeConfig('resource "cms_call_bridge_group" "london" {\n  name = "London"\n}\n');
    e.sim.log.clear();
    const r = await tf.run(['import', '-input=false', '-no-color', 'cms_call_bridge_group.london', 'London']);
    expect(r.code).toBe(1);
    expect((r.stdout + r.stderr).replace(/\s+/g, ' ')).toMatch(/Invalid import id for cms_call_bridge_group.*"London" is not an object id: ids are GUIDs .*Import cms_call_bridge_group by id with <id>, or by name: name=London\./);
    expect(e.sim.log.entries().filter((x) => x.method !== 'GET')).toEqual([]);
  } finally {
    fs.rmSync(tf.dir, { recursive: true, force: true });
  }
});

it('an instance planned again is not refused against itself: replacements, -replace, and the apply\'s own plan', async () => {
  const e = env();
  const config = (template: string) => `
resource "cms_cospace_template" "a" {
  name = "Template A"
}

resource "cms_cospace_template" "b" {
  name = "Template B"
}

resource "cms_access_method_template" "host" {
  cospace_template_id = cms_cospace_template.${template}.id
  name                = "Host"
}

resource "cms_turn_server" "edge" {
  server_address = "10.0.0.40"
}

resource "cms_cdr_receiver" "r" {
  count = 4
  uri   = "https://cdr\${count.index}.example.com/"
}
`;
  await acceptance(e, [
    { config: config('a') },
    // Moving the role to another template replaces it (the parent id forces a new object).
    { config: config('b'), expectActions: { 'cms_access_method_template.host': ['delete', 'create'] } },
    {
      config: config('b'),
      check: async ({ tf }) => {
        const replaced = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color', '-replace=cms_turn_server.edge', '-replace=cms_cdr_receiver.r[0]']);
        expect(replaced.stderr).toBe('');
        expect(replaced.stdout).toMatch(/Apply complete! Resources: 2 added, 0 changed, 2 destroyed/);
      },
    },
  ]);
});
