import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import {
  EmailHeaderView,
  INBOUND_REASON_CODES,
  INBOUND_STATUSES,
  InboundReasonCode,
  InboundReasonParams,
  InboundStatus,
  KeptEmailItem,
  KeptEmailPage,
  KeptEmailView,
  MailProblemCounts,
  QuarantinedEmailItem,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  ReplayResponse,
  ReplayResult,
} from '@pidtrymka/contracts';
import { NEXT_CURSOR, TicketRefDto } from '../../common/list-views.dto';

// OpenAPI documentation of the answers in libs/contracts/src/mail-admin.ts (the incoming half); `implements` keeps each class in step with its interface.

export class QuarantinedEmailItemDto implements QuarantinedEmailItem {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The sender\'s address as far as it could be read' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ description: 'Why it was kept, in the caller\'s language (Accept-Language); empty when it has none' }) reason!: string;
  @ApiProperty({ enum: INBOUND_REASON_CODES, nullable: true, description: 'The reason as stored: its code (issue 17)' }) reasonCode!: InboundReasonCode | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: 'The reason\'s parameters, e.g. { limit, seconds, sender } of a burst' })
  reasonParams!: InboundReasonParams;
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

/** What the mail pages show of one stored message, quarantined or kept. */
export class EmailPreviewDto {
  @ApiProperty({ example: '<4a1f@mail.example.com>' }) messageId!: string;
  @ApiProperty({ type: [EmailHeaderViewDto] }) headers!: EmailHeaderView[];
  @ApiProperty({ description: 'The text part, or the HTML part turned into text; cut at QUARANTINE_TEXT_PREVIEW_MAX_CHARS' }) text!: string;
  @ApiProperty() textTruncated!: boolean;
  @ApiProperty({ type: [EmailAttachmentDto] }) attachments!: { filename: string; contentType: string; size: number }[];
  @ApiProperty({ type: String, nullable: true, description: 'Set when the message could not even be parsed: headers and text then come from the raw bytes' }) parseError!: string | null;
}

export class QuarantinedEmailViewDto extends IntersectionType(QuarantinedEmailItemDto, EmailPreviewDto) implements QuarantinedEmailView {}

export class ReplayResultDto implements ReplayResult {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ enum: INBOUND_STATUSES }) status!: InboundStatus;
  @ApiProperty({ type: TicketRefDto, nullable: true, description: 'The request it created or joined, when it was processed' }) ticket!: { trackingId: string } | null;
  @ApiProperty({ type: String, nullable: true, description: 'The new reason, in the caller\'s language, when it was kept again' }) reason!: string | null;
}

export class ReplayResponseDto implements ReplayResponse {
  @ApiProperty({ type: [ReplayResultDto] }) results!: ReplayResult[];
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

export class KeptEmailViewDto extends IntersectionType(KeptEmailItemDto, EmailPreviewDto) implements KeptEmailView {}
