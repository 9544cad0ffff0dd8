import { paramsOfView, queueFilters, queueQuery, viewQueryOf } from './queue-query';

describe("the queue's query (issue 17: unread only)", () => {
  it('asks the page for the unread only when the address says unread=true, and never the counts', () => {
    expect(queueQuery({ unread: 'true' }, 25)).toMatchObject({ unread: 'true' });
    expect(queueQuery({}, 25)).not.toHaveProperty('unread');
    expect(queueQuery({ unread: 'yes' }, 25)).not.toHaveProperty('unread');
    expect(queueFilters({ unread: 'true' })).not.toHaveProperty('unread');
  });
});

describe('the tag filter and saved views (issue 17)', () => {
  it('passes tag ids on to the page and the counts, and drops anything else', () => {
    expect(queueFilters({ tag: '3,7' })).toMatchObject({ tag: '3,7' });
    expect(queueFilters({ tag: 'abc' })).not.toHaveProperty('tag');
    expect(queueQuery({ tag: '0' }, 25)).not.toHaveProperty('tag');
  });

  it('keeps a view as the API reads the queue, and gives the page back the same choice', () => {
    const open = viewQueryOf({ tag: '3', sort: 'due', q: ' рахунок ' });
    expect(new URLSearchParams(open).get('status')).toBe('new,waiting_reply,replied,in_progress,on_hold');
    expect(paramsOfView(open)).toMatchObject({ status: null, tag: '3', sort: 'due', q: 'рахунок', owner: null });
    expect(viewQueryOf({ status: 'all' })).toBe('');
    expect(paramsOfView('')).toMatchObject({ status: 'all' });
    expect(paramsOfView(viewQueryOf({ status: 'replied', owner: 'me' }))).toMatchObject({ status: 'replied', owner: 'me' });
  });
});
