/** cms_mmp_account_policy: the MMP's password and login rules; a weak password then refused by the node; import, drift, defaults restored. */
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });
const ADDR = 'cms_mmp_account_policy.cms1';

const config = (length = 12) => `
resource "cms_mmp_account_policy" "cms1" {
  node                  = "cms1"
  password_min_length   = ${length}
  password_min_digits   = 1
  password_max_age_days = 0
  max_failed_logins     = 5
}
`;

it('cms_mmp_account_policy: converges, imports, corrects drift, the node applies the rules, defaults restored', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config(),
        check: async ({ sim }) => {
          expect(sim.runMmpCommand('cms1', 'user rule')).toMatch(/^password_length +: 12$[\s\S]*^password_numeric_count +: 1$[\s\S]*^password_age +: 0$[\s\S]*^max_failed_login_attempts +: 5$/m);
          expect(sim.runMmpCommand('cms1', 'user add weak audit', ['short-pw-1', 'short-pw-1'])).toMatch(/FAILURE: password does not meet the password rules \(password_length 12\)/);
        },
      },
      { importAddress: ADDR, importId: 'cms1' },
      {
        config: config(),
        preConfig: async ({ sim }) => void sim.runMmpCommand('cms1', 'user rule password_age 90'),
        expectActions: { [ADDR]: ['update'] },
      },
      { config: config(16), expectActions: { [ADDR]: ['update'] } },
      { config: config(0), expectError: /password_min_length must be at least 1/, expectNoWrites: true },
    ],
    { checkDestroy: async ({ sim }) => expect(sim.node('cms1').mmp.settings.userRules).toEqual({}) },
  );
});
