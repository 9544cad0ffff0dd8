import { ApiProperty } from '@nestjs/swagger';
import type { DecidedCopyView, PendingCopyView } from '@pidtrymka/contracts';

class PendingCopyOrganisationDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: "In the reader's language" }) name!: string;
}

export class PendingCopyViewDto implements PendingCopyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The outside address the author put in copy' }) email!: string;
  @ApiProperty({ description: "The author's address when they added it" }) addedBy!: string;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
  @ApiProperty() trackingId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() requesterName!: string;
  @ApiProperty({ type: PendingCopyOrganisationDto, nullable: true }) organisation!: PendingCopyOrganisationDto | null;
}

export class DecidedCopyViewDto implements DecidedCopyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['approved', 'refused'] }) state!: 'approved' | 'refused';
}
