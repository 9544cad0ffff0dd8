import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

/** What becomes a 503 (PostgreSQL unreachable) rather than a 500; the fault suite restarts PostgreSQL under load. */
describe('isDatabaseUnavailable', () => {
  const driverError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', driverError('ECONNREFUSED')],
    ['a server shutting down (57P01)', new QueryFailedError('SELECT 1', [], driverError('57P01', 'terminating connection due to administrator command'))],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    // The connection of a transaction under way died: TypeORM released its query runner, the next query says so.
    ['a query through a runner released with its dead connection', new QueryRunnerProviderAlreadyReleasedError()],
    ['the COMMIT of a transaction whose connection died', new QueryRunnerAlreadyReleasedError()],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], driverError('23505', 'duplicate key'))],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
