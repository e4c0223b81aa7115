/**
 * The plugin's own gRPC server, checked with grpc-js as an independent client: statuses,
 * messages, limits and server streams as a gRPC client sees them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { encodeGrpcMessage, GrpcError, GrpcServer, GrpcStatus, type MethodCodec, type ServerStream } from '../../../provider/src/plugin/grpc-server';

const json = (path: string, responseStream = false): MethodCodec & { requestSerialize(v: object): Buffer; responseDeserialize(b: Buffer): object } => ({
  path,
  requestStream: false,
  responseStream,
  requestSerialize: (v: object) => Buffer.from(JSON.stringify(v)),
  requestDeserialize: (b: Buffer) => JSON.parse(b.toString()) as object,
  responseSerialize: (v: object) => Buffer.from(JSON.stringify(v)),
  responseDeserialize: (b: Buffer) => JSON.parse(b.toString()) as object,
});

const methods = {
  Echo: json('/test.S/Echo'),
  Fail: json('/test.S/Fail'),
  Missing: json('/test.S/Missing'),
  Watch: json('/test.S/Watch', true),
};

type Client = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

describe('the plugin gRPC server', () => {
  let dir: string;
  let server: GrpcServer;
  let client: Client;
  const internalErrors: string[] = [];
  const streams: ServerStream[] = [];
  let closedStreams = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-server-'));
    server = new GrpcServer({ maxMessageBytes: 1024, onInternalError: (p) => internalErrors.push(p) });
    server.addUnary(methods.Echo, async (req) => ({ echoed: req }));
    server.addUnary(methods.Fail, async (req) => {
      if ((req as { kind: string }).kind === 'known') throw new GrpcError(GrpcStatus.NOT_FOUND, 'no such thing: «x»');
      throw new Error('boom');
    });
    server.addServerStream(methods.Watch, (req, stream) => {
      streams.push(stream);
      stream.onClose(() => closedStreams++);
      stream.write({ first: req });
    });
    await server.listen({ path: path.join(dir, 's.sock') });
    const Ctor = grpc.makeGenericClientConstructor(methods as unknown as grpc.ServiceDefinition, 'S');
    client = new Ctor(`unix://${path.join(dir, 's.sock')}`, grpc.credentials.createInsecure()) as unknown as Client;
  });

  afterAll(async () => {
    client.close();
    server.endStreams();
    await server.close(500);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const unary = (name: string, req: object): Promise<{ res?: object; err?: grpc.ServiceError }> =>
    new Promise((resolve) => (client[name] as (r: object, cb: (e: grpc.ServiceError | null, r?: object) => void) => void).call(client, req, (err, res) => resolve(err ? { err } : { res })));

  it('answers a unary call', async () => {
    expect(await unary('Echo', { a: 'ü' })).toEqual({ res: { echoed: { a: 'ü' } } });
  });

  it('answers many calls at once on one connection', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => unary('Echo', { i })));
    expect(answers.map((a) => a.res)).toEqual(Array.from({ length: 50 }, (_, i) => ({ echoed: { i } })));
  });

  it('says UNIMPLEMENTED for a method it does not serve', async () => {
    const { err } = await unary('Missing', {});
    expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(err?.details).toContain('/test.S/Missing');
  });

  it('passes a chosen status and a non-ASCII message through; anything else is INTERNAL and reported', async () => {
    const known = await unary('Fail', { kind: 'known' });
    expect(known.err?.code).toBe(grpc.status.NOT_FOUND);
    expect(known.err?.details).toBe('no such thing: «x»');
    const bug = await unary('Fail', { kind: 'bug' });
    expect(bug.err?.code).toBe(grpc.status.INTERNAL);
    expect(bug.err?.details).toBe('boom');
    expect(internalErrors).toEqual(['/test.S/Fail']);
  });

  it('refuses a request above the message limit', async () => {
    const { err } = await unary('Echo', { big: 'x'.repeat(2000) });
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // The connection stays usable.
    expect((await unary('Echo', { after: true })).res).toEqual({ echoed: { after: true } });
  });

  it('keeps a server stream open until the server ends its streams, then the client sees OK', async () => {
    const call = (client.Watch as (r: object) => grpc.ClientReadableStream<object>).call(client, { w: 1 });
    const received: object[] = [];
    const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
    call.on('data', (m: object) => received.push(m));
    await new Promise((r) => call.once('data', r));
    streams[0]!.write({ second: true });
    server.endStreams();
    expect((await status).code).toBe(grpc.status.OK);
    expect(received).toEqual([{ first: { w: 1 } }, { second: true }]);
    await new Promise((r) => setImmediate(r));
    expect(closedStreams).toBe(1);
  });

  it('percent-encodes grpc-message as the gRPC spec asks', () => {
    expect(encodeGrpcMessage('a b%c\n«')).toBe('a b%25c%0A%C2%AB');
  });
});
