/**
 * The hcl-basic configuration as a CDKTF app, using the generated L1 bindings.
 *
 *   npx cdktf synth            (from this directory)
 *
 * The provider reads its connection from CMS_URL, CMS_USERNAME, CMS_PASSWORD and CMS_CA_BUNDLE;
 * the TURN password comes from a sensitive Terraform variable (TF_VAR_turn_password), so it
 * never appears in cdk.tf.json.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { accessMethodTemplate, callBridge, callBridgeGroup, cospaceTemplate, provider, turnServer } from '../../constructs/src';

export class BasicStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new provider.CmsProvider(this, 'cms');

    const turnPassword = new TerraformVariable(this, 'turn_password', {
      type: 'string',
      sensitive: true,
      description: 'Long-term credential password of the Expressway TURN server.',
    });

    const london = new callBridgeGroup.CallBridgeGroup(this, 'london', { name: 'London', loadBalancingEnabled: true });
    const cb1 = new callBridge.CallBridge(this, 'cb1', {
      name: 'cb1',
      address: 'https://cb1.example.com:445',
      sipDomain: 'cb1.example.com',
      callBridgeGroup: london.id,
    });
    new turnServer.TurnServer(this, 'edge', {
      serverAddress: '10.0.0.10',
      clientAddress: '203.0.113.10',
      type: 'expressway',
      username: 'turnuser',
      password: turnPassword.stringValue,
      tcpPortNumberOverride: 3478,
      callBridgeGroup: london.id,
    });
    const team = new cospaceTemplate.CospaceTemplate(this, 'team', { name: 'Team meeting', description: "A space for a team's regular meetings" });
    new accessMethodTemplate.AccessMethodTemplate(this, 'host', { cospaceTemplateId: team.id, name: 'Host', uriGenerator: '$.host', generateUniqueCallId: true });
    new accessMethodTemplate.AccessMethodTemplate(this, 'guest', { cospaceTemplateId: team.id, name: 'Guest', uriGenerator: '$.guest' });

    new TerraformOutput(this, 'call_bridge_id', { value: cb1.id });
  }
}

const app = new App();
new BasicStack(app, 'cdktf-basic');
app.synth();
