import type { StaffMessageRequest, StaffSessionView, StaffTicketView, UpdateTicketRequest } from '@pidtrymka/contracts';
import { CSRF_HEADER } from '@pidtrymka/contracts';

/**
 * What the story needs a support engineer to do. Today through the staff HTTP API; the staff
 * workspace's UI can provide the same steps (sign in, reply, close) driving a browser page, and
 * the story does not change.
 */
export interface StaffSteps {
  readonly name: string;
  signIn(): Promise<void>;
  reply(trackingId: string, body: string): Promise<void>;
  close(trackingId: string): Promise<void>;
}

/** The API steps, and any other staff call a test sets up with (signed in, CSRF carried). */
export interface StaffApi extends StaffSteps {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function staffViaApi(baseUrl = process.env.E2E_BASE_URL!): StaffApi {
  const email = process.env.E2E_STAFF_EMAIL!;
  const password = process.env.E2E_STAFF_PASSWORD!;
  let cookie = '';
  let csrfToken = '';

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, [CSRF_HEADER]: csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    call,
    name: process.env.E2E_STAFF_NAME!,
    async signIn() {
      const session = await call<StaffSessionView>('POST', '/api/staff/auth/sign-in', { email, password });
      csrfToken = session.csrfToken;
    },
    async reply(trackingId, body) {
      const ticket = await call<StaffTicketView>('GET', `/api/staff/tickets/${trackingId}`);
      const lastSeenMessageId = ticket.messages[ticket.messages.length - 1].id;
      await call('POST', `/api/staff/tickets/${trackingId}/messages`, { body, lastSeenMessageId } satisfies StaffMessageRequest);
    },
    async close(trackingId) {
      await call('PATCH', `/api/staff/tickets/${trackingId}`, { status: 'resolved' } satisfies UpdateTicketRequest);
    },
  };
}
