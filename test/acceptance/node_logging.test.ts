/** cms_node_logging: syslog and audit log servers over the MMP; empty plans, import, drift, defaults restored on destroy. */
import { mmpFactorySettings } from '../../simulator/src';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });
const ADDR = 'cms_node_logging.cms1';

const config = (servers: string[], enabled = true) => `
resource "cms_node_logging" "cms1" {
  node              = "cms1"
  syslog_servers    = [${servers.map((s) => `"${s}"`).join(', ')}]
  audit_log_servers = ["audit.example.com:6514"]
  syslog_enabled    = ${enabled}
}
`;

it('cms_node_logging: converges, imports, corrects drift, restores the defaults on destroy', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config(['logs.example.com:514', '10.0.0.9']),
        check: async ({ sim }) =>
          expect(sim.runMmpCommand('cms1', 'syslog')).toBe('Enabled                  : true\nSyslog servers           : logs.example.com:514 10.0.0.9\nAudit log servers        : audit.example.com:6514\n'),
      },
      { importAddress: ADDR, importId: 'cms1' },
      {
        config: config(['logs.example.com:514', '10.0.0.9']),
        preConfig: async ({ sim }) => {
          sim.runMmpCommand('cms1', 'syslog server add rogue.example.com');
          sim.runMmpCommand('cms1', 'syslog disable');
        },
        expectActions: { [ADDR]: ['update'] },
        check: async ({ sim }) => expect(sim.runMmpCommand('cms1', 'syslog')).toMatch(/^Enabled +: true\nSyslog servers +: logs\.example\.com:514 10\.0\.0\.9\n/),
      },
      { config: config(['10.0.0.9'], false), expectActions: { [ADDR]: ['update'] } },
      { config: config(['http://logs.example.com']), expectError: /syslog_servers\[0\] must be a host name or IP address, optionally followed by :port, without a scheme/, expectNoWrites: true },
    ],
    { checkDestroy: async ({ sim }) => expect(sim.node('cms1').mmp.settings.syslog).toEqual(mmpFactorySettings().syslog) },
  );
});
