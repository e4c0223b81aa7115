export { ensureServerTls, ServerTlsMaterial } from './certStore';
export { createCa, createServerCertificate, createCertificate, toPem, fromPem, KeyPairPem } from './x509';
