/**
 * `npm run whatif -- --fee-rule <file> --sla <file> --from <day> --to <day> [--export <file>]
 * [--calendar <file>] [--as-of <instant>] [--json]`: how the cases submitted from `--from` to
 * `--to` (city days, both included) would have gone under a proposed fee rule and/or SLA,
 * per permit type (docs/permits.md, "What-if replay"). Reads the permits tables of
 * DATABASE_URL (cases, transitions, type versions, the business calendar), or the cases from
 * an audit export (`npm run audit:export`); with `--export` and `--calendar` it needs no
 * database. Changes nothing.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { assertCalendar, type BusinessCalendar } from '#calendar';
import { SERVICES, type WhatIfReport } from '#contracts';
import { loadConfig, serviceDataSourceOptions } from '#platform';
import { calendarDefaults } from '../calendar/calendar-defaults.js';
import { PermitsConfig } from '../config.js';
import type { ActualRules } from '../what-if/case-history.js';
import { ExportHistories } from '../what-if/history-from-export.js';
import { periodOf } from '../what-if/proposal.js';
import { requestFromFiles } from '../what-if/proposal-files.js';
import { currentCalendar, runWhatIf } from '../what-if/run-what-if.js';
import { WhatIfAccumulator } from '../what-if/what-if-report.js';
import { WhatIfRepository } from '../what-if/what-if.repository.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'fee-rule': { type: 'string' },
    sla: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    export: { type: 'string' },
    calendar: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** The report as aligned columns, one row per permit type and currency. */
function reportTable(report: WhatIfReport): string {
  const rows = [
    [
      'type',
      'cases',
      'missed (actual → proposed)',
      'lapsed',
      'decided',
      'median days to decision',
      'revenue (actual → proposed, difference)',
    ],
  ];
  const arrow = (p: { actual: number | null; proposed: number | null }) =>
    `${p.actual ?? '–'} → ${p.proposed ?? '–'}`;
  const money = (minor: number) => (minor / 100).toFixed(2);
  for (const t of report.types)
    rows.push([
      t.permitType,
      String(t.cases),
      arrow(t.missedDeadline),
      arrow(t.lapsed),
      arrow(t.decided),
      arrow(t.medianDaysToDecision),
      t.revenue
        .map(
          (r) =>
            `${r.currency} ${money(r.actualMinor)} → ${money(r.proposedMinor)} (${r.differenceMinor >= 0 ? '+' : ''}${money(r.differenceMinor)})`,
        )
        .join('; ') || '–',
    ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  if (!values.from || !values.to) throw new Error('--from and --to are required (YYYY-MM-DD)');
  if (!values['fee-rule'] && !values.sla) throw new Error('propose --fee-rule and/or --sla');
  const request = await requestFromFiles({
    from: values.from,
    to: values.to,
    ...(values['fee-rule'] ? { feeRules: readJson(values['fee-rule']) } : {}),
    ...(values.sla ? { slas: readJson(values.sla) } : {}),
  });
  const asOf = values['as-of'] ? new Date(values['as-of']) : new Date();
  if (Number.isNaN(asOf.getTime())) throw new Error('--as-of is not an instant');

  const needsDatabase = !(values.export && values.calendar);
  let dataSource: DataSource | undefined;
  if (needsDatabase) {
    const config = loadConfig('permits', PermitsConfig);
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url: config.DATABASE_URL,
        schema: SERVICES.permits.schema as string,
        applicationName: 'permits-whatif',
        poolSize: 2,
      }),
    );
    await dataSource.initialize();
  }
  try {
    const db = dataSource?.manager;
    let calendar: BusinessCalendar;
    if (values.calendar) {
      calendar = readJson(values.calendar) as BusinessCalendar;
      calendar.version ??= 0;
      assertCalendar(calendar);
    } else {
      const config = loadConfig('permits', PermitsConfig);
      calendar = await currentCalendar(db as NonNullable<typeof db>, calendarDefaults(config));
    }
    let report: WhatIfReport;
    if (values.export) {
      const rules = db
        ? await new WhatIfRepository().typeRules(db)
        : new Map<string, ActualRules>();
      const histories = new ExportHistories();
      const lines = createInterface({
        input: createReadStream(values.export),
        crlfDelay: Infinity,
      });
      for await (const line of lines) histories.add(line);
      const { start, end } = periodOf(request, calendar);
      const accumulator = new WhatIfAccumulator(request, calendar, asOf);
      for (const h of histories.histories(
        start,
        end,
        (type, version) => rules.get(`${type}@${version}`) ?? {},
      ))
        accumulator.add(h);
      report = accumulator.report();
    } else report = await runWhatIf(db as NonNullable<typeof db>, request, asOf, calendar);
    process.stdout.write(
      values.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportTable(report)}\n`,
    );
    if (!values.json)
      process.stdout.write(
        `\n${report.cases} cases submitted ${report.from} – ${report.to}, as of ${report.asOf}, calendar version ${report.calendarVersion}.\n`,
      );
  } finally {
    await dataSource?.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ ${(error as Error).message}\n`);
  process.exitCode = 1;
});
