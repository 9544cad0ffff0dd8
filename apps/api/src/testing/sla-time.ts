/** Anything that runs SQL with positional parameters: TypeORM's DataSource and pg's Client alike. */
export interface SqlRunner {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/**
 * Issue 19: moves a request's SLA clocks back by `minutes`, as if all of it had happened that much
 * earlier (the clocks read real time), so a test reaches a warning or a breach without waiting.
 */
export async function moveSlaBack(db: SqlRunner, trackingId: string, minutes: number): Promise<void> {
  await db.query(
    `UPDATE ticket_sla s SET state = jsonb_set(s.state, '{clocks}', (
       SELECT coalesce(jsonb_object_agg(name, clock || jsonb_strip_nulls(jsonb_build_object(
         'runningSince', to_jsonb(to_char(((clock->>'runningSince')::timestamptz - make_interval(mins => $2)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         'dueAt', to_jsonb(to_char(((clock->>'dueAt')::timestamptz - make_interval(mins => $2)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         'warnAt', to_jsonb(to_char(((clock->>'warnAt')::timestamptz - make_interval(mins => $2)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))))), '{}'::jsonb)
       FROM jsonb_each(s.state->'clocks') AS c(name, clock)))
       , alert_at = alert_at - make_interval(mins => $2)
     FROM tickets t WHERE t.id = s.ticket_id AND t.tracking_id = $1`,
    [trackingId, minutes],
  );
  await db.query(`UPDATE tickets SET sla_due_at = sla_due_at - make_interval(mins => $2) WHERE tracking_id = $1`, [trackingId, minutes]);
}
