/**
 * A gRPC server with only what a plugin needs, on Node's own HTTP/2: unary and
 * server-streaming methods, uncompressed messages, status in trailers.
 *
 * A plan calls four RPCs per resource instance (validate, upgrade, read, plan). A general
 * gRPC library (interceptors, metadata objects, deadlines, a state machine per call) cost about
 * 0.07 ms of CPU per call above HTTP/2 itself, a tenth of this provider's CPU per object, for
 * features Terraform never uses. The wire format is small and fixed: each message is a 1-byte
 * compression flag, a 4-byte big-endian length and the protobuf bytes; the response is headers,
 * the message, then trailers carrying `grpc-status` (and a percent-encoded `grpc-message`).
 */
import * as http2 from 'node:http2';

/** The status codes this server sends (grpc/doc/statuscodes.md). */
export const GrpcStatus = {
  OK: 0,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

/** A failure with the status the client should see (anything else becomes INTERNAL). */
export class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** How one method's messages are read and written; shaped like a grpc-js MethodDefinition. */
export interface MethodCodec {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  requestDeserialize(bytes: Buffer): object;
  responseSerialize(value: object): Buffer;
}

/** A server stream's sending side. */
export interface ServerStream {
  write(message: object): void;
  /** Ends the call with status OK. */
  end(): void;
  /** Runs once when the call is over, however it ended (ended here, cancelled, connection lost). */
  onClose(listener: () => void): void;
}

export type UnaryHandler = (request: object) => Promise<object>;
export type StreamHandler = (request: object, stream: ServerStream) => void;

export interface TlsSettings {
  certPem: string;
  keyPem: string;
  /** Only clients presenting this certificate are served (go-plugin's AutoMTLS). */
  clientCertPem: string;
}

export interface GrpcServerOptions {
  tls?: TlsSettings;
  /** The largest request message accepted. */
  maxMessageBytes: number;
  /** Told about failures that are bugs here, not the client's doing. */
  onInternalError(path: string, err: unknown): void;
}

type Route = { codec: MethodCodec; unary: UnaryHandler } | { codec: MethodCodec; stream: StreamHandler };

const MESSAGE_HEADER_BYTES = 5;
const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc+proto' };
const OK_TRAILERS = { 'grpc-status': String(GrpcStatus.OK) };

/** The message with its 5-byte prefix (uncompressed). */
function frame(message: Buffer): Buffer {
  const out = Buffer.allocUnsafe(MESSAGE_HEADER_BYTES + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  message.copy(out, MESSAGE_HEADER_BYTES);
  return out;
}

/** grpc-message is percent-encoded: printable ASCII but '%' as is, everything else as UTF-8 %XX. */
export function encodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The one request message of a unary or server-streaming call. */
function singleMessage(body: Buffer): Buffer {
  if (body.length < MESSAGE_HEADER_BYTES) throw new GrpcError(GrpcStatus.INTERNAL, 'the request holds no message');
  if (body[0] !== 0) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported');
  const length = body.readUInt32BE(1);
  if (body.length !== MESSAGE_HEADER_BYTES + length) throw new GrpcError(GrpcStatus.INTERNAL, 'the request must hold exactly one message');
  return body.subarray(MESSAGE_HEADER_BYTES);
}

export class GrpcServer {
  private readonly routes = new Map<string, Route>();
  private readonly server: http2.Http2Server | http2.Http2SecureServer;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly openStreams = new Set<ServerStream>();

  constructor(private readonly options: GrpcServerOptions) {
    const common: http2.ServerOptions = {
      // Node's default (10 MB of buffered frames per connection) would refuse a large schema
      // or state in flight; message size is bounded per message instead.
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
    };
    const { tls } = options;
    this.server = tls
      ? http2.createSecureServer({ ...common, cert: tls.certPem, key: tls.keyPem, ca: tls.clientCertPem, requestCert: true, rejectUnauthorized: true })
      : http2.createServer(common);
    this.server.on('session', (session: http2.ServerHttp2Session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      // A client that goes away mid-call is not this process's error; the call just ends.
      session.on('error', () => undefined);
    });
    this.server.on('stream', (stream, headers) => this.onStream(stream, headers));
  }

  addUnary(codec: MethodCodec, handler: UnaryHandler): void {
    this.routes.set(codec.path, { codec, unary: handler });
  }

  addServerStream(codec: MethodCodec, handler: StreamHandler): void {
    this.routes.set(codec.path, { codec, stream: handler });
  }

  /** Listens on a unix socket path, or on a TCP host and port. */
  listen(target: { path: string } | { host: string; port: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      const done = (): void => {
        this.server.off('error', onError);
        resolve();
      };
      if ('path' in target) this.server.listen(target.path, done);
      else this.server.listen(target.port, target.host, done);
    });
  }

  /** Ends every open server stream with status OK (they would otherwise hold a graceful close). */
  endStreams(): void {
    for (const stream of [...this.openStreams]) stream.end();
  }

  /**
   * Stops accepting connections and lets calls in flight finish; after `graceMs` whatever is
   * left is cut. Resolves when every connection is gone.
   */
  close(graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const session of this.sessions) session.destroy();
      }, graceMs);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const session of this.sessions) session.close();
    });
  }

  private onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    const contentType = headers['content-type'];
    if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
      stream.respond({ ':status': 415 }, { endStream: true });
      return;
    }
    const route = this.routes.get(String(headers[':path']));
    if (!route) {
      this.failStream(stream, new GrpcError(GrpcStatus.UNIMPLEMENTED, `unknown method ${String(headers[':path'])}`));
      stream.resume();
      return;
    }
    const limit = this.options.maxMessageBytes + MESSAGE_HEADER_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    stream.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        this.failStream(stream, new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `the request is larger than ${this.options.maxMessageBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (refused) return;
      let request: object;
      try {
        request = route.codec.requestDeserialize(singleMessage(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      } catch (err) {
        this.failStream(stream, err instanceof GrpcError ? err : new GrpcError(GrpcStatus.INTERNAL, `the request could not be decoded: ${String(err)}`));
        return;
      }
      if ('unary' in route) this.runUnary(route.codec, route.unary, request, stream);
      else this.runStream(route.codec, route.stream, request, stream);
    });
  }

  private runUnary(codec: MethodCodec, handler: UnaryHandler, request: object, stream: http2.ServerHttp2Stream): void {
    handler(request).then(
      (response) => {
        if (stream.destroyed || stream.closed) return;
        const body = frame(codec.responseSerialize(response));
        stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
        stream.once('wantTrailers', () => stream.sendTrailers(OK_TRAILERS));
        stream.end(body);
      },
      (err: unknown) => {
        if (!(err instanceof GrpcError)) this.options.onInternalError(codec.path, err);
        this.failStream(stream, err instanceof GrpcError ? err : new GrpcError(GrpcStatus.INTERNAL, err instanceof Error ? err.message : String(err)));
      },
    );
  }

  private runStream(codec: MethodCodec, handler: StreamHandler, request: object, stream: http2.ServerHttp2Stream): void {
    stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers(OK_TRAILERS));
    const closeListeners: Array<() => void> = [];
    const sending: ServerStream = {
      write: (message) => {
        if (!stream.destroyed && !stream.writableEnded) stream.write(frame(codec.responseSerialize(message)));
      },
      end: () => {
        if (!stream.destroyed && !stream.writableEnded) stream.end();
      },
      onClose: (listener) => void closeListeners.push(listener),
    };
    this.openStreams.add(sending);
    stream.once('close', () => {
      this.openStreams.delete(sending);
      for (const listener of closeListeners) listener();
    });
    handler(request, sending);
  }

  /** A "trailers-only" answer: the status travels in the only HEADERS frame. */
  private failStream(stream: http2.ServerHttp2Stream, err: GrpcError): void {
    if (stream.destroyed || stream.closed || stream.headersSent) {
      if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return;
    }
    stream.respond({ ...RESPONSE_HEADERS, 'grpc-status': String(err.code), 'grpc-message': encodeGrpcMessage(err.message) }, { endStream: true });
  }
}
