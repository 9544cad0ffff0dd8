import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WorkingInterval } from './working-time';

/** Working hours in a time zone, and days off (issue 19; see the SlaPolicies migration). */
@Entity({ name: 'sla_calendars' })
export class SlaCalendarEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 50, default: 'Europe/Kyiv' })
  timeZone!: string;

  /** Monday first, seven days of intervals in minutes since local midnight. */
  @Column({ type: 'jsonb' })
  week!: WorkingInterval[][];

  @Column({ name: 'observe_public_holidays', type: 'boolean', default: false })
  observePublicHolidays!: boolean;

  /** Public holidays worked all the same (YYYY-MM-DD). */
  @Column({ name: 'worked_holidays', type: 'jsonb', default: () => "'[]'" })
  workedHolidays!: string[];

  @Column({ name: 'extra_days_off', type: 'jsonb', default: () => "'[]'" })
  extraDaysOff!: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
