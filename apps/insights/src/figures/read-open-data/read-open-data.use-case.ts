import { Inject, Injectable } from '@nestjs/common';
import {
  OPEN_DATASET_COLUMNS,
  type OpenDataReply,
  type OpenDataRequest,
  type OpenDataRow,
  type OpenDataset,
} from '#contracts';
import type { InsightsConfig } from '../../config.js';
import { INSIGHTS_CONFIG } from '../../insights.tokens.js';
import { countRows, deadlineRow, durationRow, paymentsRow, satisfactionRow } from '../figures.js';
import {
  APPLICATIONS,
  COMPLAINTS,
  FiguresRepository,
  type CaseTable,
} from '../figures.repository.js';
import { withholdCounts } from '../suppression.js';

const KINDS: readonly CaseTable[] = [APPLICATIONS, COMPLAINTS];

/**
 * One open-data dataset (`GET /api/v1/open-data/{dataset}.{csv|json}`): its rows with the
 * dataset's columns, small counts and figures from few cases withheld. The gateway writes them
 * as CSV or JSON.
 */
@Injectable()
export class ReadOpenData {
  constructor(
    private readonly figures: FiguresRepository,
    @Inject(INSIGHTS_CONFIG)
    private readonly config: Pick<InsightsConfig, 'INSIGHTS_SUPPRESSION_THRESHOLD'>,
  ) {}

  async execute(request: OpenDataRequest): Promise<OpenDataReply> {
    const rows = await this.rows(request.dataset, this.config.INSIGHTS_SUPPRESSION_THRESHOLD);
    return {
      dataset: request.dataset,
      columns: [...OPEN_DATASET_COLUMNS[request.dataset]],
      rows: rows as OpenDataRow[],
    };
  }

  private async rows(dataset: OpenDataset, threshold: number): Promise<object[]> {
    switch (dataset) {
      case 'applications-by-month':
        return (await this.figures.byMonth(APPLICATIONS, true)).map((m) =>
          withholdCounts(
            {
              month: m.month,
              permitType: m.category,
              received: m.received,
              decided: m.finished,
              suppressed: [],
            },
            ['received', 'decided'],
            threshold,
          ),
        );
      case 'complaints-by-month':
        return (await this.figures.byMonth(COMPLAINTS, true)).map((m) =>
          withholdCounts(
            {
              month: m.month,
              serviceCode: m.category,
              received: m.received,
              closed: m.finished,
              suppressed: [],
            },
            ['received', 'closed'],
            threshold,
          ),
        );
      case 'cases-by-status': {
        const out: object[] = [];
        for (const t of KINDS) {
          const counts = await this.figures.countByCategoryAndStatus(t);
          const categories = [...new Set(counts.map((c) => c.category))];
          for (const category of categories) {
            const group = counts.filter((c) => c.category === category);
            const rows = countRows(
              group.map((c) => ({ key: c.status, count: c.count })),
              threshold,
            );
            for (const r of rows)
              out.push({
                kind: t.kind,
                category,
                status: r.key,
                count: r.count,
                suppressed: r.suppressed,
              });
          }
        }
        return out;
      }
      case 'processing-times': {
        const out: object[] = [];
        for (const t of KINDS)
          for (const d of await this.figures.durations(t, true)) {
            const { key, ...row } = durationRow(d, threshold);
            out.push({ kind: t.kind, category: key, month: d.month, ...row });
          }
        return out;
      }
      case 'deadlines': {
        const out: object[] = [];
        for (const t of KINDS)
          for (const d of await this.figures.deadlines(t)) {
            const { key, ...row } = deadlineRow(d, threshold);
            out.push({ kind: t.kind, category: key, ...row });
          }
        return out;
      }
      case 'satisfaction':
        return (await this.figures.feedback()).map((f) => satisfactionRow(f, threshold));
      case 'payments-by-month':
        return (await this.figures.payments()).map((p) => paymentsRow(p, threshold));
    }
  }
}
