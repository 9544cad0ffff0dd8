import { TICKET_STATUSES } from '@pidtrymka/contracts';
import { statusAfterParticipantReply } from './ticket-writer.service';

describe('statusAfterParticipantReply (R-VIEW-2, R-CLOSE-2)', () => {
  it('keeps a new request new, and turns every other status into waiting_reply', () => {
    const after = Object.fromEntries(TICKET_STATUSES.map((status) => [status, statusAfterParticipantReply(status)]));
    expect(after).toEqual({
      new: 'new',
      waiting_reply: 'waiting_reply',
      replied: 'waiting_reply',
      in_progress: 'waiting_reply',
      on_hold: 'waiting_reply',
      resolved: 'waiting_reply',
    });
  });
});
