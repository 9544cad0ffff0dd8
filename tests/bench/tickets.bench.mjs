// Ticket creation and ticket view over HTTP with autocannon (the foundation issue's targets).
import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { machineBusyMs, postgresCpuMs } from './support.mjs';

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
  const clocks = async () => ({ api: await apiCpuMs?.(), db: await postgresCpuMs(), machine: await machineBusyMs() });
  const before = await clocks();
  const result = await run(options);
  const after = await clocks();
  const ok = result['2xx'];
  const perRequest = (clock) => Math.round(((after[clock] - before[clock]) * 1000) / ok);
  if (ok === 0) return summarise(result);
  return {
    ...summarise(result),
    ...(apiCpuMs ? { apiCpuUsPerRequest: perRequest('api') } : {}),
    // PostgreSQL's share, and the whole machine's (the load generator's too): the machine's divided into its cores'
    // time is the ceiling of requests/s on this machine, whatever the API does.
    dbCpuUsPerRequest: perRequest('db'),
    machineCpuUsPerRequest: perRequest('machine'),
    machineBusyShare: +((after.machine - before.machine) / (cpus().length * result.duration * 1000)).toFixed(2),
  };
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

/**
 * `apiCpuMs`: the API's CPU clock (startApi's `cpuMs`), to report its CPU per request too.
 * The page is measured before the creation load: the thousands of requests that load opens leave their
 * e-mails to the outbox worker, whose work for the next ~10-30 s was counted against the page (584-2,300
 * pages/s and 2.8 ms of PostgreSQL CPU per page, against ~3,000/s and 0.2 ms before it).
 */
export async function benchTickets(apiUrl, { connections = 50, duration = 10, apiCpuMs } = {}) {
  const createOptions = { url: `${apiUrl}/api/tickets`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) };
  const created = await fetch(createOptions.url, createOptions).then((r) => r.json());
  const viewUrl = `${apiUrl}/api/tickets/${created.trackingId}?email=${encodeURIComponent(participant.email)}`;
  // Warm the pool and the JIT before measuring.
  await run({ url: viewUrl, connections: 10, duration: 2 });
  const view = await measured({ url: viewUrl, connections, duration }, apiCpuMs);

  await run({ ...createOptions, connections: 10, duration: 2 });
  const create = await measured({ ...createOptions, connections, duration }, apiCpuMs);

  return { create, view, page: { trackingId: created.trackingId, email: participant.email } };
}
