import { ApiProperty } from '@nestjs/swagger';
import { PRESENCE_STATES, PresenceState } from '@pidtrymka/contracts';
import { IsIn } from 'class-validator';

export class PresenceDto {
  @ApiProperty({ enum: PRESENCE_STATES }) @IsIn(PRESENCE_STATES)
  state!: PresenceState;
}
