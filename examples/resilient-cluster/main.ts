/**
 * The resilient-cluster CDKTF app (see stack.ts for what it declares).
 *
 *   npx cdktf synth                      from this directory
 *
 * Where the three nodes are comes from the environment when the app is synthesized:
 * CMS_MMP_NODES, a JSON list with, for each node, its SSH address, port and host key and its own
 * API address ("url"), e.g. [{"name":"cms1","url":"https://cms1.example.com:445",
 * "address":"cms1.example.com","host_key_fingerprint":"SHA256:..."}, ...]. Without it the nodes
 * are cms1-3.example.com. Credentials are read by the provider when Terraform runs; the LDAP bind
 * and TURN credential passwords are sensitive variables (TF_VAR_ldap_bind_password,
 * TF_VAR_turn_credential_password): none of them is in cdk.tf.json.
 */
import { App } from 'cdktf';
import { nodeConnections } from '../shared/environment';
import { DEFAULT_NODES, ResilientCluster } from './stack';

const app = new App();
new ResilientCluster(app, 'resilient-cluster', { nodes: nodeConnections(DEFAULT_NODES) });
app.synth();
