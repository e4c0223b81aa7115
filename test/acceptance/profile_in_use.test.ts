/**
 * A profile still used by objects the configuration does not manage is not deleted: the provider
 * asks the API's usage filter first and says what to do. Once the reference is gone, it is.
 */
import { useAcceptanceEnv, workdir } from './harness/acceptance';

const env = useAcceptanceEnv();
const PROFILE = `resource "cms_call_leg_profile" "guest" {\n  name             = "Guest"\n  needs_activation = true\n}\n`;

it('a call leg profile used by a space outside the configuration is not deleted', async () => {
  const e = env();
  e.sim.reset();
  const tf = await workdir(e);
  tf.writeConfig(PROFILE);
  await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
  const profileId = String((await tf.resource('cms_call_leg_profile.guest')).id);
  // Someone makes a space by hand that uses the profile.
  const space = await e.api.create('/coSpaces', { name: 'Hand-made', uri: 'handmade', callLegProfile: profileId });

  tf.writeConfig('# the profile is no longer wanted\n');
  const refused = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color']);
  expect(refused.code).toBe(1);
  expect(refused.stderr.replace(/\s+/g, ' ')).toMatch(new RegExp(`cms_call_leg_profile ${profileId} is still used by other objects .*Remove the references first`));
  expect((await e.api.listAll('/callLegProfiles')).map((p) => p.id)).toEqual([profileId]);

  await e.api.delete(`/coSpaces/${space.id}`);
  await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
  expect(await e.api.listAll('/callLegProfiles')).toEqual([]);
});
