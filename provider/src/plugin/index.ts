/**
 * The Terraform plugin-protocol layer: go-plugin handshake, tfplugin6 over gRPC, and the cty
 * msgpack/JSON codec. The engine implements ProviderHandlers (./types) and calls `serve`.
 */
export { serve, type ServeOptions } from './serve';
export { serveInProcess, type InProcessProvider, type InProcessOptions } from './inprocess';
export type { HandlersSource } from './provider-service';
export { decodeMsgpack, encodeMsgpack, inferCtyType, isDynamicValue } from './codec';
export { parseJsonPreservingNumbers, ctyFromJson, objectFromStoredState, type JsonValue } from './json-value';
export { impliedType, attributeType, parseCtyType, ctyTypeToJson } from './cty-type';
export { parseCtyNumber, ctyNumbersEqual } from './cty-number';
export { ValueError, formatAttributePath } from './value-error';
export { createLogger, logLevelFromEnv, type Logger, type LogLevel } from './logging';
export * from './types';
