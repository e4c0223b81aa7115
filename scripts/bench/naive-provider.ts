/**
 * Start-up baseline for scripts/bench-startup.ts: the same go-plugin handshake done the naive
 * way, i.e. node_modules resolved at run time (not bundled) and the .proto files parsed by
 * @grpc/proto-loader on every start. It serves no RPCs; only the time to the handshake line
 * is measured. (The reference's naive provider also loaded an X.509 library, another ~70 ms,
 * which this baseline leaves out: it reuses our certificate writer.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { generateServerCertificate } from '../../provider/src/plugin/tls/certificate';

const protoDir = process.env.CMS_BENCH_PROTO_DIR as string;
const definition = protoLoader.loadSync(
  ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'].map((f) => path.join(protoDir, f)),
  { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true },
);
const loaded = grpc.loadPackageDefinition(definition) as unknown as {
  tfplugin6: { Provider: grpc.ServiceClientConstructor };
  plugin: { GRPCController: grpc.ServiceClientConstructor };
};
const server = new grpc.Server();
server.addService(loaded.tfplugin6.Provider.service, {});
server.addService(loaded.plugin.GRPCController.service, {});

const cert = generateServerCertificate();
const credentials = grpc.ServerCredentials.createSsl(
  Buffer.from(process.env.PLUGIN_CLIENT_CERT as string),
  [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
  true,
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin'));
const socket = path.join(dir, 'plugin.sock');
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(0));
server.bindAsync(`unix://${socket}`, credentials, (err) => {
  if (err) throw err;
  process.stdout.write(`1|6|unix|${socket}|grpc|${cert.der.toString('base64').replace(/=+$/, '')}\n`);
});
