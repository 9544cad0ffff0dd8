import { createServer, request, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A small HTTP reverse proxy that sends each request to the next upstream in
 * turn, as nginx's default `upstream` does: headers (cookies included) pass
 * both ways untouched, X-Forwarded-For gets the client's address appended
 * ($proxy_add_x_forwarded_for), and each answer says which upstream gave it
 * (X-Upstream) so a test can tell where a request went.
 */
export class RoundRobinProxy {
  readonly served: number[];
  private next = 0;
  private server?: Server;
  url = '';

  constructor(private readonly upstreams: readonly string[]) {
    this.served = upstreams.map(() => 0);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.forward(req, res));
    // Longer than the clients keep an idle connection (undici: 4 s), as nginx (75 s): a server that closes first races a
    // client reusing the connection, which then reads ECONNRESET (the scale test failed so once in CI). stop() closes all.
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const index = this.next;
    this.next = (this.next + 1) % this.upstreams.length;
    this.served[index] += 1;
    const target = new URL(req.url ?? '/', this.upstreams[index]);
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-for': forwardedFor } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-upstream': String(index) });
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-upstream': String(index) });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  }
}
