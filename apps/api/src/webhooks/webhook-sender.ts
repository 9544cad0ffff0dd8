import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../config/app-config';
import type { DeliveryResponse } from '../events/events.repository';
import { SEALED_COLUMNS } from '../secrets/sealed-columns.repository';
import { UnsealError } from '../secrets/sealed-secrets';
import type { SecretsService } from '../secrets/secrets.service';
import type { WebhookEntity } from './webhook.entity';
import { HostResolver, hostOf, parseWebhookUrl, resolveWebhookAddress, systemResolver } from './webhook-url-guard';

/** Bytes of the receiver's answer kept in the delivery log (and read at all). */
export const RESPONSE_EXCERPT_BYTES = 500;

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * A webhook's signing secret, opened from its sealed form just to sign; when
 * it cannot be (a key missing from SECRETS_KEY / SECRETS_KEY_PREVIOUS), why,
 * for the delivery log or the ping's answer: a failure, never an exception.
 */
export function openSigningSecret(secrets: SecretsService, webhook: Pick<WebhookEntity, 'id' | 'secret'>): string | { error: string } {
  try {
    return secrets.open(SEALED_COLUMNS.webhookSecret, webhook.id, webhook.secret);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    return { error: `the signing secret cannot be opened: ${error.message}` };
  }
}

export interface WebhookPost {
  url: string;
  secret: string;
  /** The `webhook-id` header: the same on every retry, so a receiver can drop a repeat. */
  messageId: string;
  body: string;
}

/** The outcome of one POST: `delivered` for a 2xx answer; `error` says why not. */
export interface WebhookPostResult {
  delivered: boolean;
  response: DeliveryResponse;
  error: string | null;
}

/** The JSON a receiver gets for an event: the envelope of libs/contracts `DomainEvent`, nothing more. */
export function webhookBody(event: SubscribedEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, version: event.version, occurredAt: event.occurredAt, ...(event.ticketId ? { ticketId: event.ticketId } : {}), data: event.data });
}

/**
 * Sends one signed webhook (Standard Webhooks) through the SSRF guard: the
 * host is resolved and checked now, the socket goes to that very address
 * (the name is kept only for the Host header and TLS), redirects are not
 * followed (a 3xx is a failure), the whole exchange is bounded by
 * WEBHOOK_TIMEOUT_MS, and at most RESPONSE_EXCERPT_BYTES of the answer are read.
 */
@Injectable()
export class WebhookSender {
  /** Replaced by tests that need a name to resolve to a chosen address. */
  resolver: HostResolver = systemResolver;

  constructor(private readonly config: AppConfig) {}

  async post(post: WebhookPost): Promise<WebhookPostResult> {
    const noAnswer = { status: null, excerpt: null };
    let url: URL;
    let address: string;
    try {
      url = parseWebhookUrl(post.url, this.config.webhooks);
      address = await resolveWebhookAddress(url, this.config.webhooks, this.resolver);
    } catch (error) {
      return { delivered: false, response: noAnswer, error: (error as Error).message };
    }
    const timestamp = new Date();
    const signature = new Webhook(post.secret).sign(post.messageId, timestamp, post.body);
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(post.body).toString(),
      'user-agent': 'Pidtrymka-Webhooks/1',
      host: url.host,
      'webhook-id': post.messageId,
      'webhook-timestamp': Math.floor(timestamp.getTime() / 1000).toString(),
      'webhook-signature': signature,
    };
    try {
      const response = await this.exchange(url, address, headers, post.body);
      const ok = response.status !== null && response.status >= 200 && response.status < 300;
      const why = response.status !== null && response.status >= 300 && response.status < 400 ? `HTTP ${response.status} (redirects are not followed)` : `HTTP ${response.status}`;
      return { delivered: ok, response, error: ok ? null : why };
    } catch (error) {
      return { delivered: false, response: noAnswer, error: (error as Error).message };
    }
  }

  private exchange(url: URL, address: string, headers: Record<string, string>, body: string): Promise<DeliveryResponse> {
    const host = hostOf(url);
    const secure = url.protocol === 'https:';
    const timeoutMs = this.config.webhooks.timeoutMs;
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request({
        method: 'POST',
        host: address,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        // TLS checks the certificate against the name, not the address we connect to (SNI needs a name, not an IP).
        ...(secure && !isIP(host) ? { servername: host } : {}),
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          clearTimeout(timer);
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8').replace(/\uFFFD+$/, '').replace(/\0/g, '');
          resolve({ status: response.statusCode ?? null, excerpt: excerpt || null });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Enough to show an admin; the rest is never read.
          if (size >= RESPONSE_EXCERPT_BYTES) finish();
        });
        response.on('end', finish);
        response.on('error', finish);
      });
      request.end(body);
    });
  }
}
