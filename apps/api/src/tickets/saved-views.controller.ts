import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { SavedView } from '@pidtrymka/contracts';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { SavedViewDto, SaveViewDto, UpdateViewDto } from './dto/tags.dto';
import { SavedViewsService } from './saved-views.service';
import { IntegerIdPipe } from './tags.controller';

const SHARING = { description: '`saved_view_share_admin_only`: only an admin shares a view or changes a shared one; `csrf_invalid`' };

/** Issue 17: the queue's saved views, one's own and the shared ones, each with its count. */
@StaffEndpoints()
@Controller('staff/views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  @ApiOperation({ summary: 'Issue 17: one\'s own saved views and the shared ones, each with how many requests it shows this person (capped)' })
  @ApiOkResponse({ type: [SavedViewDto] })
  list(@CurrentStaff() staff: StaffPrincipal): Promise<SavedView[]> {
    return this.views.list(staff);
  }

  @Post()
  @ApiOperation({ summary: 'Issue 17: save the queue\'s filter and sort under a name; `shared` (admins only) shows it to everyone' })
  @ApiCreatedResponse({ type: SavedViewDto })
  @ApiBadRequestResponse({ description: '`saved_view_invalid_query`, `saved_view_too_many`' })
  @ApiForbiddenResponse(SHARING)
  create(@CurrentStaff() staff: StaffPrincipal, @Body() input: SaveViewDto): Promise<SavedView> {
    return this.views.create(staff, input);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Issue 17: rename a view, replace its query, share or unshare it (admins)' })
  @ApiOkResponse({ type: SavedViewDto })
  @ApiBadRequestResponse({ description: '`saved_view_invalid_query`' })
  @ApiForbiddenResponse(SHARING)
  @ApiNotFoundResponse({ description: '`saved_view_not_found`: none, or another\'s private view' })
  update(@CurrentStaff() staff: StaffPrincipal, @Param('id', new IntegerIdPipe('saved_view_not_found')) id: number, @Body() input: UpdateViewDto): Promise<SavedView> {
    return this.views.update(staff, id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Issue 17: delete one\'s own view; admins also a shared one' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse(SHARING)
  @ApiNotFoundResponse({ description: '`saved_view_not_found`' })
  async remove(@CurrentStaff() staff: StaffPrincipal, @Param('id', new IntegerIdPipe('saved_view_not_found')) id: number): Promise<void> {
    await this.views.remove(staff, id);
  }
}
