import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateStaffRequest, Locale, STAFF_ROLES, StaffRole, SUPPORTED_LOCALES, UpdateStaffRequest } from '@pidtrymka/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerId } from '../../common/validators';
import { RequiredText } from '../../common/text-field.decorators';

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ format: 'email' }) @RequiredText(254) @IsEmail()
  email!: string;

  @ApiProperty({ maxLength: 100, description: 'Shown on replies (R-STAFF-1)' }) @RequiredText(100)
  name!: string;

  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES }) @IsOptional() @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

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

  @ApiPropertyOptional({ description: 'False signs the person out everywhere and keeps them out' }) @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsIntegerId({ each: true })
  categoryIds?: number[];

  @ApiPropertyOptional({ description: 'Turns two-factor sign-in off (lost device and codes)' }) @IsOptional() @IsBoolean()
  resetTotp?: boolean;
}
