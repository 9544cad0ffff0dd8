import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_BACKLOG_BUCKETS, REPORT_FORMATS, REPORT_GROUPS, REPORT_INTERVALS, REPORT_TABLES } from '@pidtrymka/contracts';
import type {
  ReportBacklogBucket,
  ReportBacklogRow,
  ReportBreakdownRow,
  ReportDuration,
  ReportFigures,
  ReportFormat,
  ReportGroup,
  ReportInterval,
  ReportQuery,
  ReportSatisfaction,
  ReportTable,
  ReportView,
  ReportVolumePoint,
} from '@pidtrymka/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Strings only here: the service checks each value and says which one is wrong and what it may be,
 * in the caller's language, where a validation error would only say "check the form".
 */
export class ReportQueryDto implements ReportQuery {
  @ApiProperty({ format: 'date', example: '2026-11-01', description: 'First day, in Kyiv' })
  @IsOptional() @IsString() @MaxLength(40)
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-11-30', description: 'Last day, included' })
  @IsOptional() @IsString() @MaxLength(40)
  to!: string;

  @ApiPropertyOptional({ enum: REPORT_INTERVALS, default: 'day' })
  @IsOptional() @IsString() @MaxLength(40)
  interval?: ReportInterval;

  @ApiPropertyOptional({ enum: REPORT_GROUPS, default: 'category' })
  @IsOptional() @IsString() @MaxLength(40)
  groupBy?: ReportGroup;
}

export class ReportExportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TABLES, default: 'volume' })
  @IsOptional() @IsString() @MaxLength(40)
  table?: ReportTable;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'csv' })
  @IsOptional() @IsString() @MaxLength(40)
  format?: ReportFormat;
}

export class ReportVolumePointDto implements ReportVolumePoint {
  @ApiProperty({ format: 'date', description: "The bucket's first day" }) period!: string;
  @ApiProperty() created!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty({ description: 'Open at the end of the bucket' }) open!: number;
}

export class ReportDurationDto implements ReportDuration {
  @ApiProperty() count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Working minutes' }) median!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working minutes, 90th percentile' }) p90!: number | null;
}

export class ReportSatisfactionDto implements ReportSatisfaction {
  @ApiProperty({ description: 'Satisfaction answers given in the range' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Average stars, one decimal; null with no answer' }) average!: number | null;
  @ApiProperty({ type: [Number], minItems: 5, maxItems: 5, description: 'Answers of 1, 2, 3, 4 and 5 stars' }) distribution!: [number, number, number, number, number];
}

export class ReportFiguresDto implements ReportFigures {
  @ApiProperty() created!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty({ type: ReportDurationDto }) firstResponse!: ReportDurationDto;
  @ApiProperty({ type: ReportDurationDto }) resolution!: ReportDurationDto;
  @ApiProperty() slaMet!: number;
  @ApiProperty() slaTotal!: number;
  @ApiProperty({ type: Number, nullable: true }) slaMetPercent!: number | null;
  @ApiProperty() helpful!: number;
  @ApiProperty() notHelpful!: number;
  @ApiProperty({ type: ReportSatisfactionDto, description: 'Issue 19: satisfaction after closing (1–5 stars)' }) satisfaction!: ReportSatisfactionDto;
}

export class ReportBreakdownRowDto extends ReportFiguresDto implements ReportBreakdownRow {
  @ApiProperty({ type: String, nullable: true }) key!: string | null;
  @ApiProperty() label!: string;
}

export class ReportBacklogRowDto implements ReportBacklogRow {
  @ApiProperty({ enum: REPORT_BACKLOG_BUCKETS }) bucket!: ReportBacklogBucket;
  @ApiProperty() count!: number;
}

export class ReportViewDto implements ReportView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ enum: REPORT_INTERVALS }) interval!: ReportInterval;
  @ApiProperty({ enum: REPORT_GROUPS }) groupBy!: ReportGroup;
  @ApiProperty({ description: "An agent's report: their own requests in their categories" }) ownOnly!: boolean;
  @ApiProperty({ type: [ReportVolumePointDto] }) volume!: ReportVolumePointDto[];
  @ApiProperty({ type: ReportFiguresDto }) totals!: ReportFiguresDto;
  @ApiProperty({ type: [ReportBreakdownRowDto] }) breakdown!: ReportBreakdownRowDto[];
  @ApiProperty({ type: [ReportBacklogRowDto] }) backlog!: ReportBacklogRowDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the pre-computed figures were last brought up to date' }) refreshedAt!: string | null;
  @ApiProperty({ description: 'True: every change up to now is counted; false: too many changed since `refreshedAt` to count live, so the figures stand as of then, or an SLA calendar or policy change left stored figures for the refresh to work out again' })
  current!: boolean;
}
