import { Body, Controller, Header, HttpCode, HttpStatus, MessageEvent, Param, Post, Sse } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { CurrentStaff, SessionToken, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { StaffTicketsService } from '../tickets/staff-tickets.service';
import { LiveFeed } from './live-feed.service';
import { LiveRepository } from './live.repository';
import { PresenceDto } from './dto/presence.dto';

/** The staff workspace's live parts (issue 17). */
@StaffEndpoints()
@Controller('staff')
export class LiveController {
  constructor(
    private readonly feed: LiveFeed,
    private readonly repository: LiveRepository,
    private readonly tickets: StaffTicketsService,
  ) {}

  @Sse('live')
  // nginx (docker/) passes each event on at once rather than filling its buffer first.
  @Header('X-Accel-Buffering', 'no')
  @ApiOperation({ summary: 'Server-sent events: `ticket` (a change to a request this agent may see: ids only), `presence` (a colleague viewing or typing), `resync`, `ping`' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The stream: each event\'s `data` is JSON (LiveTicketEvent, LivePresenceEvent), sent as changes happen', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiTooManyRequestsResponse({ description: '`live_streams_exceeded`: too many streams open for this account' })
  live(@CurrentStaff() staff: StaffPrincipal, @SessionToken() token: string): Observable<MessageEvent> {
    return this.feed.stream(staff, token);
  }

  @Post('tickets/:trackingId/presence')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Tell colleagues who may see the request that this agent is viewing it, typing in it, or left it' })
  @ApiNoContentResponse({ description: 'Told' })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  async presence(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Body() input: PresenceDto): Promise<void> {
    const ticket = await this.tickets.findVisible(staff, trackingId);
    await this.repository.notifyPresence({ ticketId: ticket.id, trackingId: ticket.tracking_id, categoryId: ticket.category_id, staffId: staff.id, name: staff.name, state: input.state });
  }
}
