import { queueFilters, queueQuery } from './queue-query';

describe("the queue's query (issue 17: unread only)", () => {
  it('asks the page for the unread only when the address says unread=true, and never the counts', () => {
    expect(queueQuery({ unread: 'true' }, 25)).toMatchObject({ unread: 'true' });
    expect(queueQuery({}, 25)).not.toHaveProperty('unread');
    expect(queueQuery({ unread: 'yes' }, 25)).not.toHaveProperty('unread');
    expect(queueFilters({ unread: 'true' })).not.toHaveProperty('unread');
  });
});
