import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateStaffRequest, Locale, NEW_REQUEST_EMAILS, NewRequestEmails, STAFF_ROLES, StaffRole, SUPPORTED_LOCALES, UpdateOwnProfileRequest, UpdateStaffRequest } from '@pidtrymka/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerId } from '../../common/validators';
import { RequiredText } from '../../common/text-field.decorators';

/** Issue 17: NEW_REQUEST_EMAILS in libs/contracts says what each value means. */
export const NEW_REQUEST_EMAILS_DESCRIPTION =
  "Which e-mails about requests the person gets (R-STAFF-2): `all` of their categories (an admin's: every category); `fallback`, only of a category nobody with `all` hears of; `assigned`, only requests assigned to them; `none`. Default: `fallback` for admins, `all` for agents (what every account got before the setting existed)";

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ format: 'email' }) @RequiredText(254) @IsEmail()
  email!: string;

  @ApiProperty({ maxLength: 100, description: 'Shown on replies (R-STAFF-1)' }) @RequiredText(100)
  name!: string;

  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES }) @IsOptional() @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: NEW_REQUEST_EMAILS, description: NEW_REQUEST_EMAILS_DESCRIPTION }) @IsOptional() @IsIn(NEW_REQUEST_EMAILS)
  newRequestEmails?: NewRequestEmails;

  @ApiPropertyOptional({ minLength: 10, description: 'Omitted: generated and returned once' })
  @IsOptional() @IsString() @MaxLength(200, { context: { max: 200 } })
  password?: string;

  @ApiPropertyOptional({ type: [Number], description: 'The categories an agent works' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsIntegerId({ each: true })
  categoryIds?: number[];
}

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @RequiredText(100)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES }) @IsOptional() @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: NEW_REQUEST_EMAILS, description: NEW_REQUEST_EMAILS_DESCRIPTION }) @IsOptional() @IsIn(NEW_REQUEST_EMAILS)
  newRequestEmails?: NewRequestEmails;

  @ApiPropertyOptional({ description: 'False signs the person out everywhere and keeps them out' }) @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsIntegerId({ each: true })
  categoryIds?: number[];

  @ApiPropertyOptional({ description: 'Turns two-factor sign-in off (lost device and codes)' }) @IsOptional() @IsBoolean()
  resetTotp?: boolean;
}

export class UpdateOwnProfileDto implements UpdateOwnProfileRequest {
  @ApiProperty({ enum: NEW_REQUEST_EMAILS, description: NEW_REQUEST_EMAILS_DESCRIPTION }) @IsIn(NEW_REQUEST_EMAILS)
  newRequestEmails!: NewRequestEmails;
}
