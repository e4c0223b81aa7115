/**
 * The lab-single-server CDKTF app (see stack.ts for what it declares).
 *
 *   npx cdktf synth                      from the repository root (cdktf.json points here)
 *
 * Where the node is comes from the environment when the app is synthesized: CMS_URL (the Web
 * Admin address) and CMS_MMP_NODES (its SSH address, port and host key), the variables the
 * provider reads too. Credentials are read by the provider when Terraform runs, and the LDAP
 * bind password is a sensitive variable (TF_VAR_ldap_bind_password): neither is in cdk.tf.json.
 */
import { App } from 'cdktf';
import { nodeConnections } from '../shared/environment';
import { LabSingleServer } from './stack';

const [node] = nodeConnections({ cms1: 'https://cms1.example.com:445' });
const app = new App();
new LabSingleServer(app, 'lab-single-server', { node: node! });
app.synth();
