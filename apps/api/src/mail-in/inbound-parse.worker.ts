import { parentPort } from 'node:worker_threads';
import { parseInbound, ParseOptions } from './inbound-mail';
import { previewInbound } from './inbound-preview';

/** What the parser pool sends to a worker, and what comes back. */
export interface ParseRequest {
  id: number;
  /** `parse` for processing, `preview` for an admin's view of a quarantined message. */
  kind: 'parse' | 'preview';
  raw: Uint8Array;
  options: ParseOptions;
}

export type ParseReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/**
 * The worker thread side of inbound-parser.ts: parses one message at a time
 * with the same pure `parseInbound` (or `previewInbound`) the API would run, so a message that
 * makes it spin or eat memory holds up this thread only, which the pool can
 * terminate.
 */
if (parentPort) {
  const port = parentPort;
  port.on('message', (request: ParseRequest) => {
    const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
    (request.kind === 'preview' ? previewInbound(raw) : parseInbound(raw, request.options)).then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies ParseReply),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: (error as Error)?.message || String(error) } satisfies ParseReply),
    );
  });
}
