import { ApiProperty } from '@nestjs/swagger';
import { type SlaCalendarInput, type SlaCalendarView, type SlaHours, type SlaPolicyInput, type SlaPolicyView, TICKET_PRIORITIES, type TicketPriority, type PublicHolidayView } from '@pidtrymka/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { RequiredText } from '../../common/text-field.decorators';
import { IsIntegerId, isCalendarDateTime } from '../../common/validators';

/** A year of minutes: more than any target a help desk sets, and far inside an `integer`. */
const MAX_TARGET_MINUTES = 525_600;
const MAX_INTERVALS_A_DAY = 6;
const MAX_DAYS_LISTED = 400;

/** Seven days of at most a few {start, end} text pairs, nothing else; whether the times make sense is the service's check (with a message naming the day). */
function isWeekShape(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length === 7 &&
    value.every(
      (day) =>
        Array.isArray(day) &&
        day.length <= MAX_INTERVALS_A_DAY &&
        day.every((hours: unknown) => isHours(hours)),
    )
  );
}

function isHours(value: unknown): value is SlaHours {
  if (typeof value !== 'object' || value === null || Object.keys(value).sort().join() !== 'end,start') return false;
  const { start, end } = value as Record<string, unknown>;
  return typeof start === 'string' && typeof end === 'string' && start.length <= 5 && end.length <= 5;
}

const IsDate = (each: boolean) => ValidateBy({ name: 'isDate', validator: { validate: (value: unknown) => typeof value === 'string' && value.length === 10 && isCalendarDateTime(value) } }, { each });

class SlaHoursDto implements SlaHours {
  @ApiProperty({ example: '09:00' }) start!: string;
  @ApiProperty({ example: '18:00', description: '"24:00" is the end of the day' }) end!: string;
}

export class SlaCalendarDto implements SlaCalendarInput {
  @ApiProperty({ maxLength: 100 }) @RequiredText(100)
  name!: string;

  @ApiProperty({ type: 'array', items: { type: 'array', items: { $ref: '#/components/schemas/SlaHoursDto' } }, minItems: 7, maxItems: 7, description: 'Monday first; an empty day is a day off' })
  @ValidateBy({ name: 'isWeek', validator: { validate: isWeekShape } })
  week!: SlaHours[][];

  @ApiProperty({ description: "Ukraine's public holidays are days off (martial law has suspended them since 2022)" }) @IsBoolean()
  observePublicHolidays!: boolean;

  @ApiProperty({ type: [String], format: 'date', description: 'Public holidays worked all the same' })
  @IsArray() @ArrayMaxSize(MAX_DAYS_LISTED) @IsDate(true)
  workedHolidays!: string[];

  @ApiProperty({ type: [String], format: 'date' })
  @IsArray() @ArrayMaxSize(MAX_DAYS_LISTED) @IsDate(true)
  extraDaysOff!: string[];
}

export class SlaCalendarViewDto extends SlaCalendarDto implements SlaCalendarView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'Europe/Kyiv' }) timeZone!: string;
}

/** Referenced by SlaCalendarDto's nested week, so that OpenAPI has its schema. */
export const SLA_EXTRA_MODELS = [SlaHoursDto];

const TARGET = { type: Number, nullable: true, minimum: 1, maximum: MAX_TARGET_MINUTES, description: 'Working minutes; null: no such clock' } as const;
const Target = () => (target: object, key: string | symbol) => {
  ValidateIf((_: unknown, value: unknown) => value !== null)(target, key);
  IsInt()(target, key);
  Min(1, { context: { min: 1 } })(target, key);
  Max(MAX_TARGET_MINUTES, { context: { max: MAX_TARGET_MINUTES } })(target, key);
};

export class SlaPolicyDto implements SlaPolicyInput {
  @ApiProperty({ maxLength: 100 }) @RequiredText(100)
  name!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Null: any category' })
  @ValidateIf((_: unknown, value: unknown) => value !== null) @IsIntegerId()
  categoryId!: number | null;

  @ApiProperty({ enum: TICKET_PRIORITIES, nullable: true, description: 'Null: any priority' })
  @ValidateIf((_: unknown, value: unknown) => value !== null) @IsIn(TICKET_PRIORITIES)
  priority!: TicketPriority | null;

  @ApiProperty() @IsIntegerId()
  calendarId!: number;

  @ApiProperty(TARGET) @Target()
  firstResponseMinutes!: number | null;

  @ApiProperty(TARGET) @Target()
  nextResponseMinutes!: number | null;

  @ApiProperty(TARGET) @Target()
  resolutionMinutes!: number | null;
}

export class SlaPolicyViewDto extends SlaPolicyDto implements SlaPolicyView {
  @ApiProperty() id!: number;
}

export class PublicHolidayViewDto implements PublicHolidayView {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() name!: string;
}

export class HolidaysQueryDto {
  @ApiProperty({ minimum: 2000, maximum: 2100 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year!: number;
}
