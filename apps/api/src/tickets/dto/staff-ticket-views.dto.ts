import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AttachmentInspectionView,
  StaffAttachmentView,
  AuditEntryView,
  CannedResponseView,
  CollisionErrorBody,
  Locale,
  MESSAGE_AUTHOR_TYPES,
  REPLY_RATINGS,
  ReplyRating,
  SatisfactionAnswerView,
  MessageAuthorType,
  QueueCounts,
  QueueItem,
  REQUEST_VISIBILITIES,
  RequestVisibility,
  StaffTicketCopy,
  TagRef,
  QueuePage,
  RelatedTickets,
  RenderedCannedResponse,
  SLA_CLOCKS,
  SlaClockName,
  StaffMessageResponse,
  StaffMessageView,
  StaffTicketView,
  SUPPORTED_LOCALES,
  TICKET_STATUSES,
  TicketSlaView,
  TicketStatus,
} from '@pidtrymka/contracts';
import { ApiErrorBodyDto } from '../../common/api-error-body.dto';
import { NEXT_CURSOR, TicketRefDto } from '../../common/list-views.dto';
import { RelatedTicketItemDto } from '../../organisations/dto/organisations.dto';
import { AttachmentViewDto, SatisfactionAnswerViewDto, TicketSummaryDto } from './ticket-views.dto';

// OpenAPI documentation of the staff answers in libs/contracts/src/staff.ts; `implements` keeps each class in step with its interface.

export class TicketOwnerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class TicketOrganisationRefDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'In the caller\'s language (Ukrainian when it has no English name)' }) name!: string;
}

export class TagRefDto implements TagRef {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'договір' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '#1e88e5', description: 'Null for a free tag' }) color!: string | null;
}

export class QueueItemDto extends TicketSummaryDto implements QueueItem {
  @ApiProperty({ type: [TagRefDto], description: 'Issue 17: staff-only tags; never shown to the participant' }) tags!: TagRef[];
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: TicketOwnerDto, nullable: true }) owner!: { id: string; name: string } | null;
  @ApiProperty({ type: TicketOrganisationRefDto, nullable: true, description: 'Issue 18: the company the participant wrote for' }) organisation!: { id: number; name: string } | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Issue 19: the nearest due time of a running SLA clock; null while paused, met, or with no policy' }) slaDueAt!: string | null;
  @ApiProperty({ description: 'Issue 17: changed by someone else since this staff member last opened it (never opened: since their account was made); false on the request\'s own page' }) unread!: boolean;
}

export class RelatedTicketsDto implements RelatedTickets {
  @ApiProperty({ type: [RelatedTicketItemDto], description: 'The participant\'s other requests (the same address, in any case) in categories this staff member may see, newest first, at most 20; merged-away ones left out' })
  participant!: RelatedTicketItemDto[];
}

export class SlaClockViewDto {
  @ApiProperty({ enum: SLA_CLOCKS }) name!: SlaClockName;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while paused or met' }) dueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was met' }) stoppedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it went past its target, once known' }) breachedAt!: string | null;
}

export class TicketSlaViewDto implements TicketSlaView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ description: "The participant's turn: no clock runs" }) paused!: boolean;
  @ApiProperty({ type: [SlaClockViewDto] }) clocks!: SlaClockViewDto[];
}

export class QueuePageDto implements QueuePage {
  @ApiProperty({ type: [QueueItemDto] }) items!: QueueItem[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}

export class QueueCountsDto implements QueueCounts {
  @ApiProperty() new!: number;
  @ApiProperty() waiting_reply!: number;
  @ApiProperty() replied!: number;
  @ApiProperty() in_progress!: number;
  @ApiProperty() on_hold!: number;
  @ApiProperty() resolved!: number;
}

export class AttachmentInspectionViewDto implements AttachmentInspectionView {
  @ApiProperty({ example: 'signatures', description: 'The attachment-inspector plugin, by its name in ATTACHMENT_INSPECTORS' }) inspector!: string;
  @ApiProperty({ enum: ['done', 'failed', 'timed_out'], description: 'A failure or a time-out is shown as such' }) status!: 'done' | 'failed' | 'timed_out';
  @ApiProperty({ type: String, nullable: true, example: 'signatures', description: '`signatures`: report is a SignatureReport (libs/contracts/src/signatures.ts)' }) kind!: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) report!: unknown;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) inspectedAt!: string;
}

export class StaffAttachmentViewDto extends AttachmentViewDto implements StaffAttachmentView {
  @ApiProperty({ type: [AttachmentInspectionViewDto], description: 'Issue 20: what the attachment-inspector plugins found; empty until they ran' }) inspections!: AttachmentInspectionView[];
}

export class StaffMessageViewDto implements StaffMessageView {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHOR_TYPES }) authorType!: MessageAuthorType;
  @ApiProperty() authorName!: string;
  @ApiProperty({ type: String, nullable: true }) authorEmail!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The whole e-mailed text, quotes included, when quote removal took something out of body' }) fullBody!: string | null;
  @ApiProperty({ example: 'email', description: 'How it came: `email` messages have an original e-mail admins can download' }) channel!: string;
  @ApiProperty({ description: 'A note: never shown nor e-mailed to the participant' }) internal!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [StaffAttachmentViewDto] }) attachments!: StaffAttachmentView[];
  @ApiProperty({ enum: REPLY_RATINGS, nullable: true, description: 'Issue 19: the participant\'s vote on a staff reply; null if none' }) rating!: ReplyRating | null;
}

export class AuditEntryViewDto implements AuditEntryView {
  @ApiProperty({ example: '317' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHOR_TYPES }) actorType!: MessageAuthorType;
  @ApiProperty() actorName!: string;
  @ApiProperty({ example: 'status_changed' }) action!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class StaffTicketCopyDto implements StaffTicketCopy {
  @ApiProperty({ example: 'Петро Колега' }) name!: string;
  @ApiProperty({ example: 'petro@example.com' }) email!: string;
}

export class StaffTicketViewDto extends QueueItemDto implements StaffTicketView {
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale!: Locale;
  @ApiProperty({ example: 'web' }) channel!: string;
  @ApiProperty({ type: TicketRefDto, nullable: true, description: 'Set when this request was merged into another: open that one instead' }) mergedInto!: { trackingId: string } | null;
  @ApiProperty({ type: [StaffMessageViewDto] }) messages!: StaffMessageView[];
  @ApiProperty({ type: [AuditEntryViewDto] }) audit!: AuditEntryView[];
  @ApiProperty({ type: TicketSlaViewDto, nullable: true }) sla!: TicketSlaView | null;
  @ApiProperty({ enum: REQUEST_VISIBILITIES, description: 'Issue 18: `organisation`: the author\'s colleagues may see it on the portal (when it has an organisation); `private`: the author alone' })
  visibility!: RequestVisibility;
  @ApiProperty({ type: [StaffTicketCopyDto], description: 'Issue 18: the author\'s colleagues in copy now' }) copies!: StaffTicketCopy[];
  @ApiProperty({ type: [SatisfactionAnswerViewDto], description: 'Issue 19: each closing\'s answer, oldest first' }) satisfaction!: SatisfactionAnswerView[];
}

export class StaffMessageResponseDto implements StaffMessageResponse {
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ type: StaffMessageViewDto }) message!: StaffMessageView;
}

/** The 409 of a reply or note: `ticket_changed` (written without seeing the newest messages) carries them; `ticket_merged` does not. */
export class CollisionErrorBodyDto extends ApiErrorBodyDto implements CollisionErrorBody {
  @ApiPropertyOptional({ type: [StaffMessageViewDto], description: 'With `ticket_changed`: the messages the author has not seen' }) newMessages!: StaffMessageView[];
}

export class CannedResponseViewDto implements CannedResponseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'May hold {{name}}, {{trackingId}}, {{agentName}}' }) body!: string;
  @ApiProperty({ description: 'The author\'s staff id; empty once that account is gone' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RenderedCannedResponseDto implements RenderedCannedResponse {
  @ApiProperty({ description: 'The placeholders filled in' }) body!: string;
}
