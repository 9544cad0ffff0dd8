import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SatisfactionAnswerView, SatisfactionStars, SatisfactionState } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The closing a request is in: its newest `ticket.closed` audit entry while it is resolved (the time reports
 * take for "resolved" too). Compared in SQL only: JavaScript's Date would cut the microseconds the key holds.
 */
const CURRENT_CLOSING = `(SELECT max(a.created_at) FROM audit_log a WHERE a.ticket_id = t.id AND a.action = 'ticket.closed')`;

const ANSWER_JSON = `json_build_object('stars', s.stars, 'comment', s.comment, 'closedAt', s.closed_at, 'answeredAt', s.answered_at)`;

interface AnswerJson {
  stars: SatisfactionStars;
  comment: string | null;
  closedAt: string;
  answeredAt: string;
}

/** What an answer that wrote nothing needs to know to say why. */
export type AnswerRefusal = 'not_closed' | 'answered';

/** Issue 19: satisfaction after closing, one answer per closing. */
@Injectable()
export class SatisfactionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The current closing and its answer; null while the request is open (or closed before closings were audited). */
  async stateOf(ticketId: string): Promise<SatisfactionState | null> {
    const [row] = await this.dataSource.query<{ closedAt: string | null; answer: AnswerJson | null }[]>(
      `SELECT c.at AS "closedAt", (SELECT ${ANSWER_JSON} FROM satisfaction_answers s WHERE s.ticket_id = t.id AND s.closed_at = c.at) AS answer
       FROM tickets t CROSS JOIN LATERAL (SELECT ${CURRENT_CLOSING} AS at) c
       WHERE t.id = $1 AND t.status = 'resolved'`,
      [ticketId],
    );
    if (!row?.closedAt) return null;
    return { closedAt: new Date(row.closedAt).toISOString(), answer: row.answer ? toView(row.answer) : null };
  }

  /** Every answer of a request, oldest closing first (staff). */
  async answersOf(ticketId: string): Promise<SatisfactionAnswerView[]> {
    const rows = await this.dataSource.query<{ answer: AnswerJson }[]>(`SELECT ${ANSWER_JSON} AS answer FROM satisfaction_answers s WHERE s.ticket_id = $1 ORDER BY s.closed_at`, [ticketId]);
    return rows.map((row) => toView(row.answer));
  }

  /**
   * The answer to the request's current closing, in one statement: the unique (request, closing) makes a
   * second answer, even one racing this, write nothing. Returns the answer, or why nothing was written.
   */
  async answer(manager: EntityManager, ticketId: string, stars: SatisfactionStars, comment: string | null): Promise<SatisfactionAnswerView | AnswerRefusal> {
    // An INSERT's rows come back as they are (TypeORM pairs them with a count only for UPDATE and DELETE).
    const rows = await manager.query<{ answer: AnswerJson }[]>(
      `INSERT INTO satisfaction_answers (ticket_id, closed_at, stars, comment)
       SELECT t.id, c.at, $2, $3 FROM tickets t CROSS JOIN LATERAL (SELECT ${CURRENT_CLOSING} AS at) c
       WHERE t.id = $1 AND t.status = 'resolved' AND c.at IS NOT NULL
       ON CONFLICT (ticket_id, closed_at) DO NOTHING
       RETURNING json_build_object('stars', stars, 'comment', comment, 'closedAt', closed_at, 'answeredAt', answered_at) AS answer`,
      [ticketId, stars, comment],
    );
    if (rows[0]) return toView(rows[0].answer);
    const [state] = await manager.query<{ closed: boolean }[]>(`SELECT t.status = 'resolved' AND ${CURRENT_CLOSING} IS NOT NULL AS closed FROM tickets t WHERE t.id = $1`, [ticketId]);
    return state?.closed ? 'answered' : 'not_closed';
  }
}

function toView(answer: AnswerJson): SatisfactionAnswerView {
  return { stars: answer.stars, comment: answer.comment, closedAt: new Date(answer.closedAt).toISOString(), answeredAt: new Date(answer.answeredAt).toISOString() };
}
