import { ApiProperty } from '@nestjs/swagger';
import {
  ATTACHMENT_PREVIEWS,
  AttachmentPreview,
  AttachmentView,
  SignatureLine,
  CategoryView,
  CreateReplyResponse,
  CreateTicketResponse,
  MESSAGE_AUTHOR_TYPES,
  MessageAuthorType,
  ParticipantStatusResponse,
  RateReplyResponse,
  REPLY_RATINGS,
  SATISFACTION_STARS,
  SatisfactionAnswerView,
  SatisfactionStars,
  SatisfactionState,
  ReplyRating,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketMessageView,
  TicketPriority,
  TicketStatus,
  TicketView,
} from '@pidtrymka/contracts';

// Documentation of the contract's response shapes for OpenAPI; the shapes themselves live in libs/contracts.

export class CategoryViewDto implements CategoryView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'Звичайне звернення' }) name!: string;
  @ApiProperty() isDefault!: boolean;
}

export class CreateTicketResponseDto implements CreateTicketResponse {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
  @ApiProperty({ example: 79 }) number!: number;
  @ApiProperty({ enum: TICKET_STATUSES, example: 'new' }) status!: TicketStatus;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: '/api/tickets/AZA-DMP-AJ8S?email=test_partner%40oree.com.ua' }) viewUrl!: string;
}

export class AttachmentViewDto implements AttachmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'test1.docx.p7s' }) filename!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ enum: ATTACHMENT_PREVIEWS, description: 'Issue 17: how the page may preview it, from its bytes: image, pdf or text inline at …/preview; none: type and size with the download link' }) preview!: AttachmentPreview;
  @ApiProperty({ type: () => [SignatureLineDto], required: false, description: 'Issue 20: the qualified signatures in the file that verified' }) signatures?: SignatureLine[];
}

export class SignatureLineDto implements SignatureLine {
  @ApiProperty({ example: 'Іваненко І. І.' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ТОВ «Хвиля»' }) organisation!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) signedAt!: string | null;
}

export class TicketMessageViewDto implements TicketMessageView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHOR_TYPES }) authorType!: MessageAuthorType;
  @ApiProperty({ example: 'Тітаренко Петро Миколайович' }) authorName!: string;
  @ApiProperty({ type: String, nullable: true }) authorEmail!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The whole e-mailed text, quotes included, when quote removal took something out of body' }) fullBody!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [AttachmentViewDto] }) attachments!: AttachmentView[];
  @ApiProperty({ enum: REPLY_RATINGS, nullable: true, description: 'Issue 19: the participant\'s vote on a staff reply; null until they vote' }) rating!: ReplyRating | null;
}

export class TicketCategoryDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
}

export class RequesterDto {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

/** What the participant's page and the staff's queue both show of a request. */
export class TicketSummaryDto {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
  @ApiProperty({ example: 79 }) number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority!: TicketPriority;
  @ApiProperty({ type: TicketCategoryDto }) category!: { id: number; name: string };
  @ApiProperty({ type: RequesterDto }) requester!: { name: string; email: string };
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Issue 19: one closing's answer. */
export class SatisfactionAnswerViewDto implements SatisfactionAnswerView {
  @ApiProperty({ enum: SATISFACTION_STARS }) stars!: SatisfactionStars;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The closing it answers' }) closedAt!: string;
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
}

export class SatisfactionStateDto implements SatisfactionState {
  @ApiProperty({ format: 'date-time', description: 'When the request was last closed' }) closedAt!: string;
  @ApiProperty({ type: SatisfactionAnswerViewDto, nullable: true, description: 'Null: not answered yet' }) answer!: SatisfactionAnswerView | null;
}

export class TicketViewDto extends TicketSummaryDto implements TicketView {
  @ApiProperty({ description: 'Name of the author of the newest message' }) lastReplyBy!: string;
  @ApiProperty({ description: 'Messages after the first one' }) replyCount!: number;
  @ApiProperty({ type: [TicketMessageViewDto] }) messages!: TicketMessageView[];
  @ApiProperty({ type: SatisfactionStateDto, nullable: true, description: 'Issue 19: the current closing and its answer; null while open' }) satisfaction!: SatisfactionState | null;
}

export class CreateReplyResponseDto implements CreateReplyResponse {
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ type: TicketMessageViewDto }) message!: TicketMessageView;
}

export class RateReplyResponseDto implements RateReplyResponse {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: REPLY_RATINGS }) rating!: ReplyRating;
}

export class ParticipantStatusResponseDto implements ParticipantStatusResponse {
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
}
