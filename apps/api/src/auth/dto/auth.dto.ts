import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChangePasswordRequest, SignInRequest, TotpEnableRequest } from '@pidtrymka/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SignInDto implements SignInRequest {
  /** Not checked for format: a wrong one simply matches no account (and `admin@localhost` is valid here). */
  @ApiProperty({ format: 'email' }) @IsString() @MaxLength(254, { context: { max: 254 } })
  email!: string;

  @ApiProperty() @IsString() @MaxLength(200, { context: { max: 200 } })
  password!: string;

  @ApiPropertyOptional({ description: 'The authenticator\'s 6 digits or a recovery code, once two-factor sign-in is on' })
  @IsOptional() @IsString() @MaxLength(20, { context: { max: 20 } })
  code?: string;
}

export class TotpEnableDto implements TotpEnableRequest {
  @ApiProperty({ example: '123456' }) @IsString() @MaxLength(10, { context: { max: 10 } })
  code!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty() @IsString() @MaxLength(200, { context: { max: 200 } })
  currentPassword!: string;

  @ApiProperty({ minLength: 10 }) @IsString() @MaxLength(200, { context: { max: 200 } })
  newPassword!: string;
}
