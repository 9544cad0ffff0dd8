import { ApiProperty } from '@nestjs/swagger';
import { FailedEmailItem, FailedEmailPage, HeldEmailItem, HeldEmailPage, ReleaseResponse, RetryResponse } from '@pidtrymka/contracts';
import { NEXT_CURSOR, TicketRefDto } from '../../common/list-views.dto';

// OpenAPI documentation of the answers in libs/contracts/src/mail-admin.ts (the outgoing half); `implements` keeps each class in step with its interface.

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
