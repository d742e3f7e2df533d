import { Inject, Injectable } from '@nestjs/common';
import type { CaseFigures, Dashboard } from '#contracts';
import type { InsightsConfig } from '../../config.js';
import { INSIGHTS_CONFIG } from '../../insights.tokens.js';
import {
  countRows,
  deadlineRow,
  durationRow,
  monthRow,
  paymentsRow,
  satisfactionRow,
} from '../figures.js';
import {
  APPLICATIONS,
  COMPLAINTS,
  FiguresRepository,
  type CaseTable,
} from '../figures.repository.js';

/** The public dashboard (`GET /api/v1/dashboard`): every figure, small counts withheld. */
@Injectable()
export class ReadDashboard {
  constructor(
    private readonly figures: FiguresRepository,
    @Inject(INSIGHTS_CONFIG)
    private readonly config: Pick<InsightsConfig, 'INSIGHTS_SUPPRESSION_THRESHOLD'>,
  ) {}

  private async caseFigures(t: CaseTable, threshold: number): Promise<CaseFigures> {
    const [byStatus, byCategory, byMonth, durations, deadlines] = await Promise.all([
      this.figures.countBy(t, 'status'),
      this.figures.countBy(t, t.category),
      this.figures.byMonth(t, false),
      this.figures.durations(t, false),
      this.figures.deadlines(t),
    ]);
    return {
      byStatus: countRows(byStatus, threshold),
      byCategory: countRows(byCategory, threshold),
      byMonth: byMonth.map((m) => monthRow(m, threshold)),
      processingTimes: durations.map((d) => durationRow(d, threshold)),
      deadlines: deadlines.map((d) => deadlineRow(d, threshold)),
    };
  }

  async execute(): Promise<Dashboard> {
    const threshold = this.config.INSIGHTS_SUPPRESSION_THRESHOLD;
    const [applications, complaints, feedback, payments] = await Promise.all([
      this.caseFigures(APPLICATIONS, threshold),
      this.caseFigures(COMPLAINTS, threshold),
      this.figures.feedback(),
      this.figures.payments(),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      suppressionThreshold: threshold,
      applications,
      complaints,
      satisfaction: feedback.map((f) => satisfactionRow(f, threshold)),
      payments: payments.map((p) => paymentsRow(p, threshold)),
    };
  }
}
