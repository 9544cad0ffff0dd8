import type { LiveTicketEvent } from '@pidtrymka/contracts';
import { isNews } from './live-news';

const event = (extra: Partial<LiveTicketEvent>): LiveTicketEvent => ({ eventId: '7', type: 'ticket.updated', ticketId: '1', trackingId: 'AZA-DMP-AJ8S', ...extra });
const colleague = { type: 'staff' as const, name: 'Петро Колега' };

describe('what a live change makes unread in the queue (issue 17)', () => {
  it('a colleague\'s change or a participant\'s reply is news; one\'s own is not', () => {
    expect(isNews(event({ fields: ['status'], actor: colleague }), 'Олена')).toBe(true);
    expect(isNews(event({ type: 'message.added', messageKind: 'participant_reply', actor: { type: 'participant', name: 'Учасник' } }), 'Олена')).toBe(true);
    expect(isNews(event({ fields: ['priority'], actor: colleague }), 'Петро Колега')).toBe(false);
  });

  it('a change of tags alone is not, as on the server (tags move no updated_at); tags with another field are', () => {
    expect(isNews(event({ fields: ['tags'], actor: colleague }), 'Олена')).toBe(false);
    expect(isNews(event({ fields: ['tags', 'owner'], actor: colleague }), 'Олена')).toBe(true);
  });
});
