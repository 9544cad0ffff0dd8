import { ApiProperty } from '@nestjs/swagger';
import {
  EmailHeaderView,
  FailedEmailItem,
  FailedEmailPage,
  HeldEmailItem,
  HeldEmailPage,
  INBOUND_STATUSES,
  InboundStatus,
  KeptEmailItem,
  KeptEmailPage,
  KeptEmailView,
  MailProblemCounts,
  QuarantinedEmailItem,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  ReleaseResponse,
  ReplayResponse,
  ReplayResult,
  RetryResponse,
} from '@pidtrymka/contracts';

// OpenAPI documentation of the answers in libs/contracts/src/mail-admin.ts; `implements` keeps each class in step with its interface.

class TicketRefDto {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
}

const NEXT_CURSOR = { type: String, nullable: true, description: 'The `cursor` of the next page; null on the last' } as const;

export class QuarantinedEmailItemDto implements QuarantinedEmailItem {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The sender\'s address as far as it could be read' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ description: 'Why it could not be processed (a technical message, in English)' }) reason!: string;
  @ApiProperty({ example: 'imap:support@example.com/INBOX', description: 'The channel that brought it' }) origin!: string;
  @ApiProperty({ description: 'Bytes of the raw message' }) size!: number;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export class QuarantinedEmailPageDto implements QuarantinedEmailPage {
  @ApiProperty({ type: [QuarantinedEmailItemDto] }) items!: QuarantinedEmailItem[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
  @ApiProperty({ description: 'Every quarantined message, not just this page' }) total!: number;
}

export class EmailHeaderViewDto implements EmailHeaderView {
  @ApiProperty({ example: 'Subject' }) name!: string;
  @ApiProperty() value!: string;
}

export class EmailAttachmentDto {
  @ApiProperty() filename!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
}

export class QuarantinedEmailViewDto extends QuarantinedEmailItemDto implements QuarantinedEmailView {
  @ApiProperty({ example: '<4a1f@mail.example.com>' }) messageId!: string;
  @ApiProperty({ type: [EmailHeaderViewDto] }) headers!: EmailHeaderView[];
  @ApiProperty({ description: 'The text part, or the HTML part turned into text; cut at QUARANTINE_TEXT_PREVIEW_MAX_CHARS' }) text!: string;
  @ApiProperty() textTruncated!: boolean;
  @ApiProperty({ type: [EmailAttachmentDto] }) attachments!: { filename: string; contentType: string; size: number }[];
  @ApiProperty({ type: String, nullable: true, description: 'Set when the message could not even be parsed: headers and text then come from the raw bytes' }) parseError!: string | null;
}

export class ReplayResultDto implements ReplayResult {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ enum: INBOUND_STATUSES }) status!: InboundStatus;
  @ApiProperty({ type: TicketRefDto, nullable: true, description: 'The request it created or joined, when it was processed' }) ticket!: { trackingId: string } | null;
  @ApiProperty({ type: String, nullable: true, description: 'The new reason, when it was quarantined again' }) reason!: string | null;
}

export class ReplayResponseDto implements ReplayResponse {
  @ApiProperty({ type: [ReplayResultDto] }) results!: ReplayResult[];
}

export class FailedEmailItemDto implements FailedEmailItem {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty({ example: 'staff_reply' }) template!: string;
  @ApiProperty({ type: String, nullable: true, description: 'As it would be sent; null when the stored payload cannot be rendered' }) subject!: string | null;
  @ApiProperty({ example: 'uk' }) locale!: string;
  @ApiProperty({ enum: ['failed', 'skipped'], description: '`failed`: delivery given up, may be retried; `skipped`: its recipient could no longer see the request when it was due, never retried' })
  status!: 'failed' | 'skipped';
  @ApiProperty({ type: String, nullable: true, description: 'The last delivery error, or why it was skipped' }) error!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: TicketRefDto, nullable: true }) ticket!: { trackingId: string } | null;
  @ApiProperty({ format: 'date-time', description: 'When it was queued' }) createdAt!: string;
}

export class FailedEmailPageDto implements FailedEmailPage {
  @ApiProperty({ type: [FailedEmailItemDto] }) items!: FailedEmailItem[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
  @ApiProperty() total!: number;
}

export class RetryResponseDto implements RetryResponse {
  @ApiProperty({ type: [String], description: 'The outbox rows put back in the queue, each with a fresh set of attempts' }) retried!: string[];
}

export class MailProblemCountsDto implements MailProblemCounts {
  @ApiProperty() quarantined!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'New requests held by the burst rule, waiting for an admin' }) held!: number;
  @ApiProperty({ description: 'Automatic e-mails held by the per-address hourly cap' }) outgoingHeld!: number;
}

export class KeptEmailItemDto extends QuarantinedEmailItemDto implements KeptEmailItem {
  @ApiProperty({ enum: INBOUND_STATUSES }) status!: InboundStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Set when an earlier message used the same Message-ID with other content' }) reusedMessageIdOf!: string | null;
  @ApiProperty({ type: TicketRefDto, nullable: true, description: 'The request it made or joined, when it did' }) ticket!: { trackingId: string } | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When an admin released it, if one did' }) releasedAt!: string | null;
}

export class KeptEmailPageDto implements KeptEmailPage {
  @ApiProperty({ type: [KeptEmailItemDto] }) items!: KeptEmailItem[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
  @ApiProperty({ description: 'Every message the filter matches, not just this page' }) total!: number;
}

export class KeptEmailViewDto extends KeptEmailItemDto implements KeptEmailView {
  @ApiProperty({ example: '<4a1f@mail.example.com>' }) messageId!: string;
  @ApiProperty({ type: [EmailHeaderViewDto] }) headers!: EmailHeaderView[];
  @ApiProperty({ description: 'The text part, or the HTML part turned into text; cut at QUARANTINE_TEXT_PREVIEW_MAX_CHARS' }) text!: string;
  @ApiProperty() textTruncated!: boolean;
  @ApiProperty({ type: [EmailAttachmentDto] }) attachments!: { filename: string; contentType: string; size: number }[];
  @ApiProperty({ type: String, nullable: true, description: 'Set when the message could not even be parsed: headers and text then come from the raw bytes' }) parseError!: string | null;
}

export class HeldEmailItemDto implements HeldEmailItem {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty({ example: 'ticket_created' }) template!: string;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ example: 'uk' }) locale!: string;
  @ApiProperty({ description: 'At most this many e-mails of its kind go to this address per hour' }) perHour!: number;
  @ApiProperty({ type: TicketRefDto, nullable: true }) ticket!: { trackingId: string } | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class HeldEmailPageDto implements HeldEmailPage {
  @ApiProperty({ type: [HeldEmailItemDto] }) items!: HeldEmailItem[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
  @ApiProperty() total!: number;
}

export class ReleaseResponseDto implements ReleaseResponse {
  @ApiProperty({ type: [String], description: 'The outbox rows released to be sent now' }) released!: string[];
}
