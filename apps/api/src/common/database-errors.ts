/** Errors that mean "PostgreSQL is not reachable right now", not "the query is wrong". */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// 57P01..03: admin/crash shutdown, cannot connect now; 08xxx: connection exceptions; 53300: too many connections.
const UNAVAILABLE_SQLSTATES = /^(57P0[1-3]|08\d{3}|53300)$/;

// TypeORM releases a query runner as soon as its connection reports an error (the server went away), so the
// next query (or the COMMIT) of a transaction under way fails with one of these instead of the connection's own error.
const RELEASED_WITH_ITS_CONNECTION = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof name === 'string' && RELEASED_WITH_ITS_CONNECTION.has(name)) return true;
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)) {
      return true;
    }
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Text PostgreSQL cannot hold (22021: a NUL byte; 22P05: a character without
 * a counterpart in the database encoding). Only a client puts that into a
 * query — a NUL in a path, a search, a field — so it is a 400, not a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}
