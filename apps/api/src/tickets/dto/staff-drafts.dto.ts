import { ApiProperty } from '@nestjs/swagger';
import { FIELD_LIMITS, SaveStaffDraftRequest, StaffDraft, StaffDrafts } from '@pidtrymka/contracts';
import { DraftText } from '../../common/text-field.decorators';

export class SaveStaffDraftDto implements SaveStaffDraftRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength, description: 'As typed, untrimmed; empty or only blanks deletes the draft' })
  @DraftText(FIELD_LIMITS.messageMaxLength)
  body!: string;
}

export class StaffDraftDto implements StaffDraft {
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StaffDraftsDto implements StaffDrafts {
  @ApiProperty({ type: StaffDraftDto, nullable: true, description: 'The unsent reply; null: none' }) reply!: StaffDraftDto | null;
  @ApiProperty({ type: StaffDraftDto, nullable: true, description: 'The unsent internal note; null: none' }) note!: StaffDraftDto | null;
}
