import type { CreateTicketRequest, CreateTicketResponse } from '@pidtrymka/contracts';
import { staffViaApi } from './staff';

/** A request opened through the portal's public API (R-SUB-4), for tests whose subject is what staff do with it. */
export async function submitRequest(request: Omit<CreateTicketRequest, 'captchaId' | 'captchaAnswer'>): Promise<CreateTicketResponse> {
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.status !== 201) throw new Error(`POST /api/tickets: ${response.status} ${await response.text()}`);
  return response.json() as Promise<CreateTicketResponse>;
}

/** A request opened on the portal and answered by the suite's staff member (closed too, when asked): what the participant's page then shows. */
export async function answeredRequest(request: Omit<CreateTicketRequest, 'captchaId' | 'captchaAnswer'>, staffReply: string, { close = false } = {}): Promise<string> {
  const { trackingId } = await submitRequest(request);
  const staff = staffViaApi();
  await staff.signIn();
  await staff.reply(trackingId, staffReply);
  if (close) await staff.close(trackingId);
  return trackingId;
}
