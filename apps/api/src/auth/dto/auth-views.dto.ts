import { ApiProperty } from '@nestjs/swagger';
import { NEW_REQUEST_EMAILS, NewRequestEmails, Locale, RecoveryCodesView, STAFF_ROLES, StaffMe, StaffRole, StaffSessionView, SUPPORTED_LOCALES, TotpSetupView } from '@pidtrymka/contracts';

// OpenAPI documentation of the answers in libs/contracts/src/staff.ts; `implements` keeps each class in step with its interface.

export class StaffMeDto implements StaffMe {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'agent@example.com' }) email!: string;
  @ApiProperty({ example: 'Олена Коваль' }) name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale!: Locale;
  @ApiProperty({ enum: NEW_REQUEST_EMAILS, description: 'Issue 17: which e-mails about requests the person gets (R-STAFF-2)' }) newRequestEmails!: NewRequestEmails;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty({ type: [Number], description: 'For agents, the categories they work; admins see every category' }) categoryIds!: number[];
}

export class StaffSessionViewDto implements StaffSessionView {
  @ApiProperty({ type: StaffMeDto }) staff!: StaffMe;
  @ApiProperty({ description: 'Send it in the x-csrf-token header of every state-changing staff call' }) csrfToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class TotpSetupViewDto implements TotpSetupView {
  @ApiProperty({ description: 'Base32' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Pidtrymka:agent%40example.com?secret=…&issuer=Pidtrymka' }) otpauthUrl!: string;
}

export class RecoveryCodesViewDto implements RecoveryCodesView {
  @ApiProperty({ type: [String], description: 'Shown once: only their hashes are kept' }) recoveryCodes!: string[];
}
