/** DatabaseCluster: its own provider with every node's mmp_node, and the database rules. */
import type { TerraformStack } from 'cdktf';
import { CallBridge, CallBridgeCluster, CallBridgeGroup, DatabaseCluster, Secret } from '../../constructs/src';
import { DataCmsSystemStatus } from '../../constructs/generated/providers/cms/data-cms-system-status';
import { DataCmsUsers } from '../../constructs/generated/providers/cms/data-cms-users';
import { TenantGroup } from '../../constructs/generated/providers/cms/tenant-group';
import type { MeetingServer } from '../../constructs/src';
import { meetingServer, newStack, synth, warningsFor } from './helpers';

const certs = { serverKeyFile: 'db.key', serverCertificateFile: 'db.crt', clientKeyFile: 'client.key', clientCertificateFile: 'client.crt', caCertificateFile: 'ca.crt' };

function servers(stack: TerraformStack, n: number): MeetingServer[] {
  return Array.from({ length: n }, (_, i) => meetingServer(stack, `cms${i + 1}`));
}

describe('DatabaseCluster', () => {
  it('makes a provider with the primary API settings and every involved node, and the cluster resource through it', () => {
    const stack = newStack();
    const password = Secret.fromVariable(stack, 'cms_password');
    const mmpPassword = Secret.fromVariable(stack, 'mmp_password');
    const [a, b, c] = [1, 2, 3].map((i) => meetingServer(stack, `cms${i}`, { password, mmpUsername: 'admin', mmpPassword }));
    const edge = new CallBridge(stack, 'edge-cb', { server: meetingServer(stack, 'edge1') });
    const db = new DatabaseCluster(stack, 'db', { nodes: [a, b, c], primary: b, connectedCallBridges: [edge], nodeAddresses: { cms3: '10.0.0.3' }, interface: 'b', ...certs });
    const s = synth(stack);
    const p = s.providers().find((x) => x.alias === 'db-db');
    expect(p).toEqual({
      alias: 'db-db',
      url: 'https://cms2.example.com:445',
      password: '${var.cms_password}',
      mmp_node: [
        ...['cms2', 'cms1', 'cms3'].map((n) => ({ name: n, address: `${n}.example.com`, username: 'admin', password: '${var.mmp_password}' })),
        { name: 'edge1', address: 'edge1.example.com' },
      ],
    });
    expect(s.only('cms_database_cluster')).toEqual({
      provider: 'cms.db-db',
      nodes: { cms1: 'cms1.example.com', cms2: 'cms2.example.com', cms3: '10.0.0.3' },
      primary: 'cms2',
      connected_nodes: ['edge1'],
      interface: 'b',
      server_key: 'db.key',
      server_certificate: 'db.crt',
      client_key: 'client.key',
      client_certificate: 'client.crt',
      ca_certificate: 'ca.crt',
    });
    expect(db.primary).toBe(b);
  });

  it('makes every object the database holds wait for the cluster: a joining node\'s database is replaced', () => {
    const stack = newStack();
    const [a, b, c, outside] = servers(stack, 4);
    a.addNodeSettings({ ntpServers: ['ntp1.example.com'] }, 'the test');
    const bridges = [a, b].map((n) => new CallBridge(stack, `cb-${n.nodeName}`, { server: n }));
    new CallBridgeCluster(stack, 'cbs', { callBridges: bridges, apiServer: a });
    new CallBridgeGroup(stack, 'london', { name: 'London', callBridges: bridges, apiServer: b });
    new TenantGroup(stack, 'through-cms3', { provider: c.provider });
    new TenantGroup(stack, 'through-a-node-outside', { provider: outside.provider });
    new DataCmsUsers(stack, 'users', { provider: a.provider });
    new DataCmsSystemStatus(stack, 'status', { provider: a.provider });
    new DatabaseCluster(stack, 'db', { nodes: [a, b, c], ...certs });
    const s = synth(stack);
    const cluster = Object.keys(s.resources('cms_database_cluster'))[0]!;
    const after = [`cms_database_cluster.${cluster}`];
    const dependsOn = (r: unknown) => (r as { depends_on?: string[] }).depends_on;
    // Objects in the configuration database, through any of the cluster's nodes.
    for (const type of ['cms_call_bridge', 'cms_call_bridge_group']) for (const r of Object.values(s.resources(type))) expect(dependsOn(r)).toEqual(after);
    const groups = s.resources('cms_tenant_group');
    expect(dependsOn(Object.entries(groups).find(([k]) => k.startsWith('through-cms3'))![1])).toEqual(after);
    expect(dependsOn(Object.values(s.dataSources('cms_users'))[0])).toEqual(after);
    // What each node keeps itself, and objects of a node outside the cluster, do not wait.
    expect(dependsOn(Object.entries(groups).find(([k]) => k.startsWith('through-a-node-outside'))![1])).toBeUndefined();
    for (const type of ['cms_node_settings', 'cms_call_bridge_cluster_settings']) for (const r of Object.values(s.resources(type))) expect(dependsOn(r)).toBeUndefined();
    expect(dependsOn(Object.values(s.dataSources('cms_system_status'))[0])).toBeUndefined();
    expect(dependsOn(s.only('cms_database_cluster'))).toBeUndefined();
  });

  it('refuses unknown nodeAddresses and file names with paths early', () => {
    const stack = newStack();
    const nodes = servers(stack, 3);
    expect(() => new DatabaseCluster(stack, 'a', { nodes, nodeAddresses: { cms9: '10.0.0.9' }, ...certs })).toThrow(/cms9, which is not one of the database nodes/);
    expect(() => new DatabaseCluster(stack, 'b', { nodes, ...certs, caCertificateFile: '/tmp/ca.crt' })).toThrow(/caCertificateFile must be a file name on the MMP/);
  });

  describe('[CMS-DB-SIZE]', () => {
    it('refuses 2 nodes', () => {
      const stack = newStack();
      new DatabaseCluster(stack, 'db', { nodes: servers(stack, 2), ...certs });
      expect(() => synth(stack)).toThrow(/\[test\/db\] \[CMS-DB-SIZE\] a database cluster of 2 nodes is refused/);
    });

    it('refuses more than 5 nodes', () => {
      const stack = newStack();
      new DatabaseCluster(stack, 'db', { nodes: servers(stack, 7), ...certs });
      expect(() => synth(stack)).toThrow(/\[CMS-DB-SIZE\] a database cluster has at most 5 nodes; this one has 7/);
    });

    it.each([
      [1, undefined],
      [3, undefined],
      [4, '[CMS-DB-SIZE] 4 database nodes: an even number gives no more resilience than 3'],
      [5, '[CMS-DB-SIZE] 5 database nodes: the recommendation is a maximum of 3'],
    ])('%i nodes: %s', (n, warning) => {
      const stack = newStack();
      new DatabaseCluster(stack, 'db', { nodes: servers(stack, n), ...certs });
      const w = warningsFor(synth(stack), 'CMS-DB-SIZE');
      if (warning) expect(w).toEqual([expect.stringContaining(warning)]);
      else expect(w).toEqual([]);
    });
  });

  it('[CMS-DB-MEMBERS] refuses a primary outside the nodes and a node both holding and connecting', () => {
    const stack = newStack();
    const [a, b, c, d] = servers(stack, 4);
    const cb = new CallBridge(stack, 'cb', { server: a });
    new DatabaseCluster(stack, 'db', { nodes: [a, b, c], primary: d, connectedCallBridges: [cb], ...certs });
    expect(() => synth(stack)).toThrow(/\[CMS-DB-MEMBERS\] the primary cms4 is not one of the database nodes \(cms1, cms2, cms3\)[\s\S]*\[CMS-DB-MEMBERS\] cms1 cannot both hold a database node and only connect/);
  });

  describe('[CMS-DB-SHARED]', () => {
    it('refuses clustered Call Bridges sharing the database with a non-clustered one', () => {
      const stack = newStack();
      const nodes = servers(stack, 3);
      const [cb1, cb2, cb3] = nodes.map((server, i) => new CallBridge(stack, `cb${i + 1}`, { server }));
      new CallBridgeCluster(stack, 'cluster', { callBridges: [cb1, cb2], apiServer: nodes[0] });
      void cb3;
      new DatabaseCluster(stack, 'db', { nodes, ...certs });
      expect(() => synth(stack)).toThrow(/\[test\/db\] \[CMS-DB-SHARED\] clustered Call Bridges \(test\/cb1, test\/cb2\) cannot share a database with a non-clustered Call Bridge \(test\/cb3\)/);
    });

    it('counts connected Call Bridges, and refuses two clusters on one database', () => {
      const stack = newStack();
      const nodes = servers(stack, 4);
      const [cb1, cb2, cb3, cb4] = nodes.map((server, i) => new CallBridge(stack, `cb${i + 1}`, { server }));
      new CallBridgeCluster(stack, 'east', { callBridges: [cb1, cb2], apiServer: nodes[0] });
      new CallBridgeCluster(stack, 'west', { callBridges: [cb3, cb4], apiServer: nodes[2] });
      new DatabaseCluster(stack, 'db', { nodes: nodes.slice(0, 3), connectedCallBridges: [cb4], ...certs });
      expect(() => synth(stack)).toThrow(/\[CMS-DB-SHARED\] Call Bridges of different clusters \(test\/east, test\/west\) cannot share a database/);
    });

    it('accepts one cluster whose members all use the database', () => {
      const stack = newStack();
      const nodes = servers(stack, 4);
      const members = nodes.map((server, i) => new CallBridge(stack, `cb${i + 1}`, { server }));
      new CallBridgeCluster(stack, 'cluster', { callBridges: members, apiServer: nodes[0] });
      new DatabaseCluster(stack, 'db', { nodes: nodes.slice(0, 3), connectedCallBridges: [members[3]], ...certs });
      expect(synth(stack).warnings).toEqual([]);
    });
  });
});
