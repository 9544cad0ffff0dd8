import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CannedResponseView, RenderedCannedResponse } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { ApiException } from '../common/api.exception';
import { isUuid } from '../common/validators';
import { CannedResponseEntity } from './canned-response.entity';
import { CannedResponseDto } from './dto/canned-responses.dto';
import { StaffPrincipal } from '../auth/staff-principal';
import { StaffTicketsService } from './staff-tickets.service';

/**
 * Replies staff reuse: everyone may use every one, but a canned response
 * belongs to its author. Only its author changes or deletes it; an admin may
 * change any (they keep the shared set, and those whose author is gone).
 */
@Injectable()
export class CannedResponsesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: StaffTicketsService,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(CannedResponseEntity);
  }

  async list(): Promise<CannedResponseView[]> {
    return (await this.repository.find({ order: { title: 'ASC' } })).map(toView);
  }

  async create(input: CannedResponseDto, principal: StaffPrincipal): Promise<CannedResponseView> {
    const saved = await this.repository.save(this.repository.create({ title: input.title, body: input.body, createdBy: principal.id }));
    return toView(saved);
  }

  async update(id: string, input: CannedResponseDto, principal: StaffPrincipal): Promise<CannedResponseView> {
    const existing = this.assertMayChange(await this.find(id), principal);
    return toView(await this.repository.save(Object.assign(existing, { title: input.title, body: input.body })));
  }

  async remove(id: string, principal: StaffPrincipal): Promise<void> {
    await this.repository.remove(this.assertMayChange(await this.find(id), principal));
  }

  private assertMayChange(response: CannedResponseEntity, principal: StaffPrincipal): CannedResponseEntity {
    if (principal.role !== 'admin' && response.createdBy !== principal.id) throw new ApiException(HttpStatus.FORBIDDEN, 'canned_response_not_yours');
    return response;
  }

  /** The body with `{{name}}`, `{{trackingId}}` and `{{agentName}}` filled in for one request. */
  async render(id: string, trackingId: string, principal: StaffPrincipal): Promise<RenderedCannedResponse> {
    const [response, ticket] = [await this.find(id), await this.tickets.findVisible(principal, trackingId, { followMerges: true })];
    const values: Record<string, string> = { name: ticket.requester_name, trackingId: ticket.tracking_id, agentName: principal.name };
    return { body: response.body.replace(/\{\{\s*(name|trackingId|agentName)\s*\}\}/g, (_, key: string) => values[key]) };
  }

  private async find(id: string): Promise<CannedResponseEntity> {
    const found = isUuid(id) ? await this.repository.findOneBy({ id }) : null;
    if (!found) throw new ApiException(HttpStatus.NOT_FOUND, 'canned_response_not_found');
    return found;
  }
}

function toView(entity: CannedResponseEntity): CannedResponseView {
  return { id: entity.id, title: entity.title, body: entity.body, createdBy: entity.createdBy ?? '', updatedAt: entity.updatedAt.toISOString() };
}
