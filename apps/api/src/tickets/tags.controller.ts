import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, PipeTransform, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TagView } from '@pidtrymka/contracts';
import { AdminOnly, CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { INT4_MAX } from '../common/validators';
import { CreateTagDto, TagViewDto, UpdateTagDto } from './dto/tags.dto';
import { TagsService } from './tags.service';

/** An id from the path; anything an `integer` cannot hold is no such row (404, never a failing query). */
export class IntegerIdPipe implements PipeTransform<string, number> {
  constructor(private readonly notFound: string) {}

  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : 0;
    if (id < 1 || id > INT4_MAX) throw new ApiException(HttpStatus.NOT_FOUND, this.notFound);
    return id;
  }
}

const ADMINS_ONLY = { description: '`staff_forbidden`: not an admin; `csrf_invalid`: no or wrong CSRF token' };

/** Issue 17: staff-only tags; the curated list (with colours) is the admins'. */
@StaffEndpoints()
@Controller('staff/tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @ApiOperation({ summary: 'Issue 17: every tag, the curated (coloured) first; for the pickers and the queue\'s tag filter' })
  @ApiOkResponse({ type: [TagViewDto] })
  list(): Promise<TagView[]> {
    return this.tags.list();
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Issue 17: add a tag to the curated list (admins only)' })
  @ApiCreatedResponse({ type: TagViewDto })
  @ApiForbiddenResponse(ADMINS_ONLY)
  @ApiConflictResponse({ description: '`tag_name_taken`: give the existing tag a colour instead' })
  create(@Body() input: CreateTagDto, @CurrentStaff() staff: StaffPrincipal): Promise<TagView> {
    return this.tags.create(input, staff);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Issue 17: rename a tag or set its colour; null colour takes it off the curated list (admins only)' })
  @ApiOkResponse({ type: TagViewDto })
  @ApiForbiddenResponse(ADMINS_ONLY)
  @ApiNotFoundResponse({ description: '`tag_not_found`' })
  @ApiConflictResponse({ description: '`tag_name_taken`' })
  update(@Param('id', new IntegerIdPipe('tag_not_found')) id: number, @Body() input: UpdateTagDto, @CurrentStaff() staff: StaffPrincipal): Promise<TagView> {
    return this.tags.update(id, input, staff);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Issue 17: delete a tag, and take it off every request (admins only)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse(ADMINS_ONLY)
  @ApiNotFoundResponse({ description: '`tag_not_found`' })
  async remove(@Param('id', new IntegerIdPipe('tag_not_found')) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.tags.remove(id, staff);
  }
}
