// Ticket creation and ticket view over HTTP with autocannon (the foundation issue's targets).
import autocannon from 'autocannon';

export const targets = {
  create: { requestsPerSecond: 1500, p99Ms: 100 },
  view: { requestsPerSecond: 6000, p99Ms: 30 },
};

const participant = {
  name: 'Тестовий контрагент',
  email: 'test_partner@oree.com.ua',
  subject: 'Проблема з підписом заявки',
  message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
};

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * `run`, and when the API's CPU clock is given, the API's CPU time per answered
 * request: a busy machine shakes requests/s far more than the work one request
 * costs, so this figure compares builds run at different times (issue 14).
 */
async function measured(options, apiCpuMs) {
  const before = await apiCpuMs?.();
  const result = await run(options);
  const after = await apiCpuMs?.();
  const ok = result['2xx'];
  return { ...summarise(result), ...(apiCpuMs && ok > 0 ? { apiCpuUsPerRequest: Math.round(((after - before) * 1000) / ok) } : {}) };
}

function summarise(result) {
  const ok = result['2xx'];
  return {
    requestsPerSecond: Math.round(ok / (result.duration || 1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** `apiCpuMs`: the API's CPU clock (startApi's `cpuMs`), to report its CPU per request too. */
export async function benchTickets(apiUrl, { connections = 50, duration = 10, apiCpuMs } = {}) {
  // Warm the pool and the JIT before measuring.
  await run({ url: `${apiUrl}/api/tickets`, method: 'POST', connections: 10, duration: 2, headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) });

  const create = await measured(
    {
      url: `${apiUrl}/api/tickets`,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(participant),
    },
    apiCpuMs,
  );

  const created = await fetch(`${apiUrl}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) }).then((r) => r.json());
  const viewUrl = `${apiUrl}/api/tickets/${created.trackingId}?email=${encodeURIComponent(participant.email)}`;
  await run({ url: viewUrl, connections: 10, duration: 2 });
  const view = await measured({ url: viewUrl, connections, duration }, apiCpuMs);

  return { create, view, page: { trackingId: created.trackingId, email: participant.email } };
}
