import type { CreateTicketRequest, CreateTicketResponse } from '@pidtrymka/contracts';

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
