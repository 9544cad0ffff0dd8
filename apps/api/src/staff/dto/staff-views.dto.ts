import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NEW_REQUEST_EMAILS, NewRequestEmails, CreateStaffResponse, Locale, STAFF_ROLES, StaffAccountView, StaffRole, StaffTeamMember, SUPPORTED_LOCALES } from '@pidtrymka/contracts';

// OpenAPI documentation of the answers in libs/contracts/src/staff.ts; `implements` keeps each class in step with its interface.

export class StaffAccountViewDto implements StaffAccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'agent@example.com' }) email!: string;
  @ApiProperty({ example: 'Олена Коваль' }) name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale!: Locale;
  @ApiProperty({ enum: NEW_REQUEST_EMAILS, description: 'Issue 17: which e-mails about requests the person gets (R-STAFF-2)' }) newRequestEmails!: NewRequestEmails;
  @ApiProperty() active!: boolean;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty({ type: [Number] }) categoryIds!: number[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreateStaffResponseDto implements CreateStaffResponse {
  @ApiProperty({ type: StaffAccountViewDto }) account!: StaffAccountView;
  @ApiPropertyOptional({ description: 'Only when the password was generated; shown this once' }) password?: string;
}

export class StaffTeamMemberDto implements StaffTeamMember {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ type: [Number], description: 'An agent can own requests of these categories only; an admin of any' }) categoryIds!: number[];
}
