/**
 * The gRPC service definitions, built from the JSON descriptor generated at build time from
 * provider/proto/*.proto (scripts/generate-protocol-descriptor.ts). Loading JSON with protobufjs's
 * light build skips both .proto parsing and proto-loader's descriptor work, which is most of a
 * naive Node provider's start-up time. Message codecs are compiled lazily, on first use.
 */
import * as protobuf from 'protobufjs/light';
import descriptorJson from './generated/protocol-descriptor.json';

/** How decoded requests look: snake_case, enums by name, int64 as number, defaults filled in. */
const DECODED_FORM: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};

export const SERVICE_NAMES = {
  provider: 'tfplugin6.Provider',
  controller: 'plugin.GRPCController',
  stdio: 'plugin.GRPCStdio',
  health: 'grpc.health.v1.Health',
} as const;

let root: protobuf.Root | undefined;

function protocolRoot(): protobuf.Root {
  if (!root) {
    const { '//': _generatedMarker, nested } = descriptorJson;
    // Not Root.fromJSON: it resolves every type up front; types resolve themselves on first use.
    const fresh = new protobuf.Root();
    fresh.addJSON(nested as unknown as Record<string, protobuf.AnyNestedObject>);
    root = fresh;
  }
  return root;
}

export function messageType(fullName: string): protobuf.Type {
  return protocolRoot().lookupType(fullName);
}

/** Encodes a plain object (as our message interfaces describe it) into protobuf bytes. */
export function encodeMessage(type: protobuf.Type, value: object): Buffer {
  const bytes = type.encode(type.fromObject(value)).finish();
  // Under Node the writer already returns a Buffer; copying it again would only cost time.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), DECODED_FORM) as T;
}

/**
 * One method's path and message codecs: what the plugin server routes by, and (the shape is
 * grpc-js's) what a test's gRPC client is built from.
 */
export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize(value: object): Buffer;
  requestDeserialize(bytes: Buffer): object;
  responseSerialize(value: object): Buffer;
  responseDeserialize(bytes: Buffer): object;
}

export type ServiceDefinition = Record<string, MethodDefinition>;

/** The methods of one service of the descriptor, by name. */
export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = protocolRoot().lookupService(fullName);
  const definition: ServiceDefinition = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;
    if (!requestType || !responseType) throw new Error(`unresolved types in ${fullName}.${method.name}`);
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: (value: object) => encodeMessage(requestType, value),
      requestDeserialize: (bytes: Buffer) => decodeMessage<object>(requestType, bytes),
      responseSerialize: (value: object) => encodeMessage(responseType, value),
      responseDeserialize: (bytes: Buffer) => decodeMessage<object>(responseType, bytes),
    };
  }
  return definition;
}
