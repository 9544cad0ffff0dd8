import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The bytes kept by the `database` attachment store. */
@Entity({ name: 'attachment_contents' })
export class AttachmentContentEntity {
  @PrimaryColumn({ name: 'storage_key', type: 'varchar', length: 100 })
  storageKey!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
