import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: SLA in business hours.
 *
 * A calendar is working hours per weekday in its time zone plus days off;
 * Ukraine's public holidays come from the `date-holidays` package when the
 * calendar observes them (off in the default calendar: martial law has
 * suspended them since 2022), less the ones worked all the same.
 *
 * A policy sets targets in working minutes for a category and/or priority;
 * the one with neither is the default, and at most one policy has each
 * scope (an index on the scope with NULLs made comparable).
 *
 * A request's clocks live in `ticket_sla` (JSON, the state SlaClocks
 * reduces), written in the transaction of every change; the nearest due time
 * of a running clock is copied onto `tickets.sla_due_at`, and the next
 * warning or breach to tell of onto `ticket_sla.alert_at` (the scheduler's scan), indexed like the
 * queue's other sort keys, so the queue sorts and filters by it without any
 * working-time arithmetic at read time.
 */
export class SlaPolicies1766600000000 implements MigrationInterface {
  name = 'SlaPolicies1766600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sla_calendars (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL,
        time_zone varchar(50) NOT NULL DEFAULT 'Europe/Kyiv',
        week jsonb NOT NULL,
        observe_public_holidays boolean NOT NULL DEFAULT false,
        worked_holidays jsonb NOT NULL DEFAULT '[]',
        extra_days_off jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE sla_policies (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL,
        category_id integer,
        priority varchar(10),
        calendar_id integer NOT NULL,
        first_response_minutes integer,
        next_response_minutes integer,
        resolution_minutes integer,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sla_policies_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE CASCADE,
        CONSTRAINT sla_policies_calendar_id_fkey FOREIGN KEY (calendar_id) REFERENCES sla_calendars(id) ON DELETE RESTRICT,
        CONSTRAINT sla_policies_priority_check CHECK (priority IN ('critical', 'high', 'medium', 'low')),
        CONSTRAINT sla_policies_targets_check CHECK (first_response_minutes > 0 AND next_response_minutes > 0 AND resolution_minutes > 0)
      )`);
    await db.query(`CREATE UNIQUE INDEX sla_policies_scope_key ON sla_policies ((coalesce(category_id, 0)), (coalesce(priority, '')))`);
    await db.query(`CREATE INDEX sla_policies_calendar_id_idx ON sla_policies (calendar_id)`);
    await db.query(`
      CREATE TABLE ticket_sla (
        ticket_id uuid PRIMARY KEY,
        policy_id integer,
        state jsonb NOT NULL,
        alert_at timestamptz,
        CONSTRAINT ticket_sla_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE,
        CONSTRAINT ticket_sla_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES sla_policies(id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX ticket_sla_policy_id_idx ON ticket_sla (policy_id)`);
    // The escalation job's scan: the next warning or breach to tell of.
    await db.query(`CREATE INDEX ticket_sla_alert_at_idx ON ticket_sla (alert_at) WHERE alert_at IS NOT NULL`);
    await db.query(`ALTER TABLE tickets ADD COLUMN sla_due_at timestamptz`);
    // The queue's "due" sort, keyset on (key, number); a request with no running clock sorts last.
    await db.query(`CREATE INDEX tickets_sla_due_at_idx ON tickets ((coalesce(sla_due_at, 'infinity'::timestamptz)), number)`);
    const workday = [{ start: 540, end: 1080 }];
    const office = JSON.stringify([workday, workday, workday, workday, workday, [], []]);
    await db.query(`INSERT INTO sla_calendars (name, week) VALUES ('Робочий час', $1)`, [office]);
    // A working day to answer, a day to answer again, a working week to resolve: to be set by each team.
    await db.query(`
      INSERT INTO sla_policies (name, calendar_id, first_response_minutes, next_response_minutes, resolution_minutes)
      SELECT 'Типова', id, 540, 540, 2700 FROM sla_calendars`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets DROP COLUMN sla_due_at`);
    await db.query(`DROP TABLE ticket_sla`);
    await db.query(`DROP TABLE sla_policies`);
    await db.query(`DROP TABLE sla_calendars`);
  }
}
