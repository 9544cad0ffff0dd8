import { ApiProperty } from '@nestjs/swagger';
import { FIELD_LIMITS } from '@pidtrymka/contracts';
import { IsString, MaxLength } from 'class-validator';

/** The e-mail that, with the tracking ID, opens a request (R-VIEW-3). Not checked for format: a wrong one just finds nothing. */
export class TicketLookupQueryDto {
  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email' })
  @IsString()
  @MaxLength(FIELD_LIMITS.emailMaxLength, { context: { max: FIELD_LIMITS.emailMaxLength } })
  email!: string;
}
