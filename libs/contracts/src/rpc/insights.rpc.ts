import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { rpc, EmptyRequest } from './rpc.js';

/*
 * The transparency read model (apps/insights): the public dashboard and the open-data files.
 * Figures only, never a person's data; every count below the suppression threshold is
 * withheld (null) and named in its row's `suppressed`, and so is every median, percentile,
 * share or mean derived from fewer cases than the threshold.
 */

export const INSIGHTS_DASHBOARD_GET = 'insights.dashboard.get';
export const INSIGHTS_OPEN_DATA_GET = 'insights.open-data.get';

/** The open-data datasets, a fixed list: `GET /api/v1/open-data/<dataset>.<format>`. */
export const OPEN_DATASETS = [
  'applications-by-month',
  'complaints-by-month',
  'cases-by-status',
  'processing-times',
  'deadlines',
  'satisfaction',
  'payments-by-month',
] as const;
export type OpenDataset = (typeof OPEN_DATASETS)[number];

export const OPEN_DATA_FORMATS = ['csv', 'json'] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** Every file name the open-data route answers: `<dataset>.<format>`. */
export const OPEN_DATA_FILES: readonly string[] = OPEN_DATASETS.flatMap((d) =>
  OPEN_DATA_FORMATS.map((f) => `${d}.${f}`),
);

/** Each dataset's columns, in the order of its CSV header. */
export const OPEN_DATASET_COLUMNS: Readonly<Record<OpenDataset, readonly string[]>> = {
  'applications-by-month': ['month', 'permitType', 'received', 'decided'],
  'complaints-by-month': ['month', 'serviceCode', 'received', 'closed'],
  'cases-by-status': ['kind', 'category', 'status', 'count'],
  'processing-times': ['kind', 'category', 'month', 'cases', 'medianHours', 'p90Hours'],
  deadlines: ['kind', 'category', 'met', 'breached', 'shareMet'],
  satisfaction: [
    'month',
    'serviceCode',
    'ratings',
    'averageRating',
    'satisfiedShare',
    'npsAnswers',
    'nps',
  ],
  'payments-by-month': ['month', 'currency', 'payments', 'amountMinor'],
};

/** What a withheld cell of a CSV file holds (in JSON it is `null`, named in `suppressed`). */
export const SUPPRESSED_CELL = 'suppressed';

const SUPPRESSED_DOC: ApiPropertyOptions = {
  type: [String],
  description:
    'The fields of this row withheld (null) because they count, or derive from, fewer cases than the suppression threshold.',
};

/** `insights.open-data.get`: one dataset's rows. */
export class OpenDataRequest {
  @IsIn(OPEN_DATASETS)
  dataset: OpenDataset;
}

/** One row of a dataset: its columns (strings, numbers, or null where withheld). */
export type OpenDataRow = Record<string, string | number | null | string[]> & {
  suppressed: string[];
};

export interface OpenDataReply {
  dataset: OpenDataset;
  columns: string[];
  rows: OpenDataRow[];
}

export class CountRow {
  @ApiProperty({ description: 'A status, a permit type or a service code.' }) key: string;
  @ApiProperty({ type: 'integer', nullable: true }) count: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

export class MonthRow {
  @ApiProperty({
    example: '2026-03',
    description: 'Month in the city’s time zone (CITY_TIME_ZONE), YYYY-MM.',
  })
  month: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Cases submitted or reported in the month.',
  })
  received: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Cases decided (applications) or closed (complaints) in the month.',
  })
  finished: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

export class DurationRow {
  @ApiProperty({ description: '`all`, or a permit type or a service code.' }) key: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Finished cases measured.' })
  cases: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median time, hours (0.1).' })
  medianHours: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, hours (0.1).' })
  p90Hours: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

export class DeadlineRow {
  @ApiProperty({ description: '`all`, or a permit type or a service code.' }) key: string;
  @ApiProperty({ type: 'integer', nullable: true }) met: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) breached: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'met / (met + breached), 0–1.' })
  shareMet: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

/** One kind of case (permit applications, or complaints). */
export class CaseFigures {
  @ApiProperty({ type: [CountRow], description: 'Cases by their current status.' })
  byStatus: CountRow[];
  @ApiProperty({
    type: [CountRow],
    description: 'Cases by permit type (applications) or service code (complaints).',
  })
  byCategory: CountRow[];
  @ApiProperty({ type: [MonthRow] }) byMonth: MonthRow[];
  @ApiProperty({
    type: [DurationRow],
    description:
      'Processing time: submission to decision (applications), report to close (complaints); `all` first.',
  })
  processingTimes: DurationRow[];
  @ApiProperty({
    type: [DeadlineRow],
    description:
      'Review deadlines (applications) or triage and resolution deadlines (complaints) met; `all` first.',
  })
  deadlines: DeadlineRow[];
}

export class SatisfactionRow {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Satisfaction answers (1–5).' })
  ratings: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean rating, 1–5 (0.01).' })
  averageRating: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share rating 4 or 5, 0–1.' })
  satisfiedShare: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '"Would you recommend" answers.' })
  npsAnswers: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Net Promoter Score: % answering 9–10 minus % answering 0–6, −100 to 100.',
  })
  nps: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

export class PaymentsRow {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ example: 'INR', description: 'ISO 4217.' }) currency: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Successful payments.' })
  payments: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Their total, minor units.' })
  amountMinor: number | null;
  @ApiProperty(SUPPRESSED_DOC) suppressed: string[];
}

/** `GET /api/v1/dashboard`. */
export class Dashboard {
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({
    type: 'integer',
    description: 'Counts below this are withheld, and so are figures derived from fewer cases.',
  })
  suppressionThreshold: number;
  @ApiProperty({ type: CaseFigures }) applications: CaseFigures;
  @ApiProperty({ type: CaseFigures }) complaints: CaseFigures;
  @ApiProperty({ type: [SatisfactionRow], description: 'Per service and month.' })
  satisfaction: SatisfactionRow[];
  @ApiProperty({ type: [PaymentsRow], description: 'Per month and currency.' })
  payments: PaymentsRow[];
}

const ANYONE = { actor: 'anyone' } as const;

export const INSIGHTS_RPC = {
  [INSIGHTS_DASHBOARD_GET]: rpc<EmptyRequest, Dashboard>(EmptyRequest, ANYONE),
  [INSIGHTS_OPEN_DATA_GET]: rpc<OpenDataRequest, OpenDataReply>(OpenDataRequest, ANYONE),
} as const;
