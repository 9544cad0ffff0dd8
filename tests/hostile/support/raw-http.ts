import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent: nothing is re-encoded. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
/** How long a never-ending answer is read before it is taken as it is. */
const STREAM_LOOK_MS = 200;

/**
 * One HTTP request with bytes the test chose (malformed paths, any header,
 * any body), which fetch and supertest would refuse or normalise. Rejects
 * on a reset connection or no answer within the timeout: both count as a
 * server failure. An event stream is read for STREAM_LOOK_MS, then closed.
 */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: hostname, port, method: req.method, path: req.path, headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) }, agent },
      (response) => {
        const chunks: Buffer[] = [];
        const answer = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', answer);
        response.on('error', reject);
        // A stream (the workspace's server-sent events) never ends: its answer is its headers and what came at first.
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          setTimeout(() => {
            answer();
            response.destroy();
          }, STREAM_LOOK_MS);
        }
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as JSON with its content type. */
  json?: unknown;
  body?: Buffer;
}

/** One request with a JSON body or raw bytes, as the hostile specs send them. */
export function callRaw(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify(options.json));
  }
  return rawRequest(baseUrl, { method, path, headers, body });
}

/** The body of an answer, parsed as JSON. */
export const jsonOf = (response: RawResponse) => JSON.parse(response.body.toString('utf8'));
