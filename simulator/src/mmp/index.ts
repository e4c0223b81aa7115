/** The simulated MMP: per-node settings and files, the command dispatcher and the SSH server. */
export { MMP_COMMAND_FAMILIES, dispatchMmpCommand, execMmpCommand, replyText, runMmpCommand } from './dispatcher';
export type { MmpContext } from './context';
export { DEFAULT_MMP_FILES, MmpFileStore } from './files';
export { loadOrCreateHostKey, sshFingerprint, type MmpHostKey } from './hostKey';
export type { MmpReply } from './reply';
export { MmpServer, type MmpSessionHost } from './server';
export {
  NodeMmp,
  factorySettings,
  type CallBridgeSettings,
  type DnsForwardZone,
  type MmpListener,
  type MmpSettings,
  type MmpSnapshot,
  type WebAdminSettings,
  type WebBridge3Settings,
} from './settings';
