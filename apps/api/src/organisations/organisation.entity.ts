import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A company of the electricity market that participants write for (issue 18). */
@Entity({ name: 'organisations' })
@Check('organisations_default_visibility_check', `default_visibility IN ('organisation', 'private')`)
export class OrganisationEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'name_uk', type: 'varchar', length: 300 })
  nameUk!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 300, nullable: true })
  nameEn!: string | null;

  /** ЄДРПОУ, checked (organisation-codes.ts); unique when present. */
  @Index('organisations_edrpou_key', { unique: true })
  @Column({ type: 'varchar', length: 8, nullable: true })
  edrpou!: string | null;

  /** ENTSO-E EIC, checked; unique when present. */
  @Index('organisations_eic_key', { unique: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  eic!: string | null;

  @Column({ type: 'text', default: '' })
  notes!: string;

  /** A deactivated organisation keeps its requests but is never linked to new ones. */
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** Issue 18: the visibility its contacts' new requests get when they do not choose. */
  @Column({ name: 'default_visibility', type: 'varchar', length: 20, default: 'private' })
  defaultVisibility!: 'organisation' | 'private';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The e-mail domains whose senders are the organisation's people (one row each, lower case). A domain may be several organisations': then it links none. */
@Entity({ name: 'organisation_domains' })
export class OrganisationDomainEntity {
  @ForeignKey(() => OrganisationEntity, { name: 'organisation_domains_organisation_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;

  @Index('organisation_domains_domain_idx')
  @PrimaryColumn({ type: 'varchar', length: 253 })
  domain!: string;
}

/** A person who writes for organisations (the participant's address, any case, is who they are). */
@Entity({ name: 'contacts' })
// (lower(email)), unique: written in the migration, kept out of schema sync.
@Index('contacts_email_key', { synchronize: false })
export class ContactEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'varchar', length: 100, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Who works for whom: a contact may belong to several organisations. */
@Entity({ name: 'organisation_contacts' })
export class OrganisationContactEntity {
  @ForeignKey(() => OrganisationEntity, { name: 'organisation_contacts_organisation_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;

  @Index('organisation_contacts_contact_id_idx')
  @ForeignKey(() => ContactEntity, { name: 'organisation_contacts_contact_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'contact_id', type: 'integer' })
  contactId!: number;
}
