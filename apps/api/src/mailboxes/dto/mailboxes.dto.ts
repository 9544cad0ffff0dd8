import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAILBOX_AUTH_KINDS, MAILBOX_KINDS, MAILBOX_STATES, type MailboxAuthKind, type MailboxInput, type MailboxKind, type MailboxStatus, type MailboxView } from '@pidtrymka/contracts';

export class MailboxConnectionDto {
  @ApiPropertyOptional({ maxLength: 255, description: 'IMAP server' }) @IsOptional() @IsString() @MaxLength(255)
  host?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 65535, description: 'Unset: 993, or 143 without TLS' }) @IsOptional() @IsInt() @Min(1) @Max(65535)
  port?: number;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  tls?: boolean;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  rejectUnauthorized?: boolean;

  @ApiPropertyOptional({ maxLength: 254, description: 'IMAP user (the mailbox address for OAuth2)' }) @IsOptional() @IsString() @MaxLength(254)
  user?: string;

  @ApiPropertyOptional({ maxLength: 200, default: 'INBOX' }) @IsOptional() @IsString() @MaxLength(200)
  folder?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'A folder handled mail is moved to' }) @IsOptional() @IsString() @MaxLength(200)
  moveTo?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'maildir: the folder with new/, cur/ and tmp/; unset: DATA_DIR/mail/mailboxes/<id>' }) @IsOptional() @IsString() @MaxLength(1000)
  dir?: string;
}

export class MailboxSmtpDto {
  @ApiProperty({ maxLength: 255 }) @IsString() @IsNotEmpty() @MaxLength(255)
  host!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 65535, description: 'Unset: 465 with `secure`, else 587' }) @IsOptional() @IsInt() @Min(1) @Max(65535)
  port?: number;

  @ApiPropertyOptional({ description: 'TLS from the start (465); otherwise STARTTLS when offered' }) @IsOptional() @IsBoolean()
  secure?: boolean;

  @ApiPropertyOptional({ maxLength: 254, description: "Unset: the IMAP user" }) @IsOptional() @IsString() @MaxLength(254)
  user?: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  rejectUnauthorized?: boolean;
}

export class MailboxOAuthDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  clientId!: string;

  @ApiPropertyOptional({ maxLength: 200, description: "Microsoft 365: the tenant's id or domain" }) @IsOptional() @IsString() @MaxLength(200)
  tenant?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: "Unset: Microsoft's or Google's token endpoint" })
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(2000)
  tokenUrl?: string;
}

/** Secrets: a string sets it, null (or '') clears it, absent keeps it; never returned. */
export class UpdateMailboxDto implements MailboxInput {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: MAILBOX_KINDS }) @IsOptional() @IsIn(MAILBOX_KINDS)
  kind?: MailboxKind;

  @ApiPropertyOptional({ type: MailboxConnectionDto }) @IsOptional() @ValidateNested() @Type(() => MailboxConnectionDto)
  settings?: MailboxConnectionDto;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'New requests go here; null: the default category' }) @IsOptional() @IsInt() @Min(1)
  categoryId?: number | null;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100)
  fromName?: string;

  @ApiPropertyOptional({ maxLength: 254 }) @IsOptional() @IsEmail() @MaxLength(254)
  fromAddress?: string;

  @ApiPropertyOptional({ type: MailboxSmtpDto, nullable: true, description: 'null: the default transport (MAIL_TRANSPORT)' })
  @IsOptional() @ValidateNested() @Type(() => MailboxSmtpDto)
  smtp?: MailboxSmtpDto | null;

  @ApiPropertyOptional({ enum: MAILBOX_AUTH_KINDS }) @IsOptional() @IsIn(MAILBOX_AUTH_KINDS)
  authKind?: MailboxAuthKind;

  @ApiPropertyOptional({ type: MailboxOAuthDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => MailboxOAuthDto)
  oauth?: MailboxOAuthDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, writeOnly: true }) @IsOptional() @IsString() @MaxLength(1000)
  password?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, writeOnly: true }) @IsOptional() @IsString() @MaxLength(1000)
  smtpPassword?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, writeOnly: true }) @IsOptional() @IsString() @MaxLength(2000)
  clientSecret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, writeOnly: true, description: "Google's refresh token" }) @IsOptional() @IsString() @MaxLength(4000)
  refreshToken?: string | null;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class CreateMailboxDto extends UpdateMailboxDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100)
  declare name: string;

  @ApiProperty({ maxLength: 254 }) @IsEmail() @MaxLength(254)
  declare fromAddress: string;
}

export class MailboxStatusDto implements MailboxStatus {
  @ApiProperty({ enum: MAILBOX_STATES })
  state!: MailboxStatus['state'];

  @ApiPropertyOptional()
  error?: string;

  @ApiPropertyOptional({ description: 'Why the last OAuth2 token refresh failed' })
  tokenError?: string;
}

export class MailboxViewDto implements MailboxView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MAILBOX_KINDS }) kind!: MailboxKind;
  @ApiProperty({ type: MailboxConnectionDto }) settings!: MailboxConnectionDto;
  @ApiProperty({ type: Number, nullable: true }) categoryId!: number | null;
  @ApiProperty() fromName!: string;
  @ApiProperty() fromAddress!: string;
  @ApiProperty({ type: MailboxSmtpDto, nullable: true }) smtp!: MailboxSmtpDto | null;
  @ApiProperty({ enum: MAILBOX_AUTH_KINDS }) authKind!: MailboxAuthKind;
  @ApiProperty({ type: MailboxOAuthDto, nullable: true }) oauth!: MailboxOAuthDto | null;
  @ApiProperty() passwordSet!: boolean;
  @ApiProperty() smtpPasswordSet!: boolean;
  @ApiProperty() clientSecretSet!: boolean;
  @ApiProperty() refreshTokenSet!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: MailboxStatusDto }) status!: MailboxStatusDto;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
