import { Column, Entity, Index } from 'typeorm';
import { SessionColumns } from './session-columns';

/** Issue 18: a participant's signed-in browser. A table of its own, so no staff session can ever be read as one, nor the reverse. */
@Entity({ name: 'participant_sessions' })
@Index('participant_sessions_expires_at_idx', ['expiresAt'])
export class ParticipantSessionEntity extends SessionColumns {
  /** Lower-cased: the participant is their address. */
  @Index('participant_sessions_email_idx')
  @Column({ type: 'varchar', length: 254 })
  email!: string;
}
