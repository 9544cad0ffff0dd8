import { HttpStatus, Injectable } from '@nestjs/common';
import { SAVED_VIEW_COUNT_CAP, SAVED_VIEWS_MAX_PER_PERSON, SavedView, SaveViewRequest, UpdateViewRequest } from '@pidtrymka/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { QueueQueryDto } from './dto/queue.dto';
import { SavedViewRow, SavedViewsRepository } from './saved-views.repository';
import { StaffTicketsService } from './staff-tickets.service';

/** What a view keeps of the queue's query: where one is in the list is no part of a view. */
const NOT_KEPT = new Set(['cursor', 'limit']);

/**
 * Issue 17: saved queue views. An agent keeps the queue's filter and sort under a
 * name; an admin may share one with every staff member. Each view's count is of
 * what the reader may see (their categories; `owner=me` is the reader), capped.
 */
@Injectable()
export class SavedViewsService {
  constructor(
    private readonly views: SavedViewsRepository,
    private readonly tickets: StaffTicketsService,
  ) {}

  async list(principal: StaffPrincipal): Promise<SavedView[]> {
    const rows = await this.views.visibleTo(principal.id);
    const views: SavedView[] = [];
    // One after another: a handful of capped counts on one connection, not a burst on the pool.
    for (const row of rows) {
      views.push(toView(row, principal, await this.count(principal, parseQuery(row.query))));
    }
    return views;
  }

  async create(principal: StaffPrincipal, input: SaveViewRequest): Promise<SavedView> {
    if (input.shared && principal.role !== 'admin') throw new ApiException(HttpStatus.FORBIDDEN, 'saved_view_share_admin_only');
    const query = checkedQuery(input.query);
    if ((await this.views.countOf(principal.id)) >= SAVED_VIEWS_MAX_PER_PERSON) throw new ApiException(HttpStatus.BAD_REQUEST, 'saved_view_too_many', { max: SAVED_VIEWS_MAX_PER_PERSON });
    // Counted first: the queue's own checks (a status or priority it does not know) refuse a query before it is kept.
    const count = await this.countChecked(principal, query.dto);
    const row = await this.views.create({ ownerId: principal.id, name: input.name, query: query.text, shared: input.shared ?? false });
    return toView(row, principal, count);
  }

  async update(principal: StaffPrincipal, id: number, input: UpdateViewRequest): Promise<SavedView> {
    const row = await this.changeable(principal, id);
    if (input.shared !== undefined && input.shared !== row.shared && principal.role !== 'admin') throw new ApiException(HttpStatus.FORBIDDEN, 'saved_view_share_admin_only');
    const query = input.query === undefined ? undefined : checkedQuery(input.query);
    if (query) await this.countChecked(principal, query.dto);
    const updated = await this.views.update(id, { name: input.name, query: query?.text, shared: input.shared });
    return toView(updated, principal, await this.count(principal, parseQuery(updated.query)));
  }

  async remove(principal: StaffPrincipal, id: number): Promise<void> {
    await this.changeable(principal, id);
    await this.views.remove(id);
  }

  private async countChecked(principal: StaffPrincipal, query: QueueQueryDto): Promise<number> {
    try {
      return await this.tickets.countView(principal, query, SAVED_VIEW_COUNT_CAP);
    } catch (error) {
      if (error instanceof ApiException && error.getStatus() === (HttpStatus.BAD_REQUEST as number)) throw new ApiException(HttpStatus.BAD_REQUEST, 'saved_view_invalid_query');
      throw error;
    }
  }

  /** A kept query the queue no longer takes (its filters changed since) shows 0, and the list still loads. */
  private async count(principal: StaffPrincipal, query: QueueQueryDto | null): Promise<number> {
    if (!query) return 0;
    try {
      return await this.tickets.countView(principal, query, SAVED_VIEW_COUNT_CAP);
    } catch (error) {
      if (error instanceof ApiException) return 0;
      throw error;
    }
  }

  /**
   * One's own view; an admin also changes the shared ones. Another's private view is not found
   * (404 as for none), and a shared one an agent did not make is refused (403: they see it).
   */
  private async changeable(principal: StaffPrincipal, id: number): Promise<SavedViewRow> {
    const row = await this.views.findById(id);
    if (!row || (row.owner_id !== principal.id && !row.shared)) throw new ApiException(HttpStatus.NOT_FOUND, 'saved_view_not_found');
    if (row.owner_id !== principal.id && principal.role !== 'admin') throw new ApiException(HttpStatus.FORBIDDEN, 'saved_view_share_admin_only');
    return row;
  }
}

/** The query as the queue endpoint would take it, or null when it would refuse it. */
function parseQuery(text: string): QueueQueryDto | null {
  const plain: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) if (!NOT_KEPT.has(key)) plain[key] = value;
  const dto = plainToInstance(QueueQueryDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? dto : null;
}

function checkedQuery(text: string): { dto: QueueQueryDto; text: string } {
  const dto = parseQuery(text.replace(/^\?/, ''));
  if (!dto) throw new ApiException(HttpStatus.BAD_REQUEST, 'saved_view_invalid_query');
  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(text.replace(/^\?/, ''))) if (!NOT_KEPT.has(key)) kept.append(key, value);
  return { dto, text: kept.toString() };
}

function toView(row: SavedViewRow, principal: StaffPrincipal, count: number): SavedView {
  return { id: row.id, name: row.name, query: row.query, shared: row.shared, mine: row.owner_id === principal.id, count };
}
