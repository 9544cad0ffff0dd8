import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { createHttpLogger, createRootLogger, pathOf } from './logging';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** pino-http as the API was configured with it until issue 14: the lines the access log must go on writing. */
function pinoHttpAsBefore(logger: ReturnType<typeof createRootLogger>): Middleware {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' ? incoming : 'generated';
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => pathOf(req).startsWith('/api/health') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { raw?: IncomingMessage }) => {
        const raw = req.raw ?? req;
        return { id: raw.id, method: raw.method, url: pathOf(raw), ip: raw.socket?.remoteAddress };
      },
      res: (res: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: (res.raw ?? res).statusCode }),
    },
  });
}

/** Serves a few answers through `middleware`, with `req.log` used inside the request as nestjs-pino does, and returns the log lines. */
async function linesOf(make: (logger: ReturnType<typeof createRootLogger>) => Middleware): Promise<Record<string, unknown>[]> {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const middleware = make(createRootLogger('log', destination));
  const server: Server = createServer((req, res) =>
    middleware(req, res, () => {
      if (req.url?.startsWith('/api/boom')) {
        req.log.warn({ token: 'secret-token' }, 'about to fail');
        res.statusCode = 500;
        // As a body parser's error carries the body it could not read.
        res.err = Object.assign(new Error('unreadable body'), { body: 'secret-body' });
      }
      res.end('{}');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const [path, id] of [['/api/tickets/ABC?email=a%40b.ua', 'one'], ['/api/boom', 'two'], ['/api/health/ready', 'three']]) {
      await fetch(base + path, { headers: { 'x-request-id': id } }).then((r) => r.text());
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(raw.join('\n')).not.toContain('secret');
  return raw.map((line) => {
    const { time, responseTime, err, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const error = err as { type?: string; message?: string } | undefined;
    return { ...rest, time: typeof time, responseTime: typeof responseTime, err: error && { type: error.type, message: error.message }, keys: Object.keys(JSON.parse(line) as object) };
  });
}

/** Issue 14: the access log without pino-http writes the very lines pino-http wrote. */
describe('createHttpLogger', () => {
  it('writes what pino-http wrote: completed and errored requests, the request\'s own lines, nothing for probes', async () => {
    const ours = await linesOf((logger) => createHttpLogger(logger));
    expect(ours).toEqual(await linesOf(pinoHttpAsBefore));
    expect(ours.map((line) => line.msg)).toEqual(['request completed', 'about to fail', 'request errored']);
    expect(JSON.stringify(ours)).not.toContain('secret-token');
    expect(JSON.stringify(ours)).not.toContain('a%40b.ua');
  });
});
