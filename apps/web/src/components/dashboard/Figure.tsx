import { useId, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { BarChart, type ChartRow, type ChartSeries } from './BarChart';

export interface TableColumn {
  header: string;
  numeric?: boolean;
}

/**
 * One figure of the dashboard: its heading, a chart and, beside it, a GOV.UK table of the same
 * numbers (in a region that scrolls sideways on a narrow screen, reachable by keyboard).
 */
export function Figure(props: {
  title: string;
  text?: string;
  chart: { series: ChartSeries[]; rows: ChartRow[]; min?: number; max?: number };
  format: (value: number | null) => string;
  columns: TableColumn[];
  /** The table's rows: the first cell heads its row. */
  rows: ReactNode[][];
}) {
  const { t } = useI18n();
  const id = useId();
  const empty = props.rows.length === 0;
  return (
    <section className="civic-figure" aria-labelledby={id}>
      <h3 className="govuk-heading-s" id={id}>
        {props.title}
      </h3>
      {props.text ? <p className="govuk-body">{props.text}</p> : null}
      {empty ? (
        <p className="govuk-body">{t('dashboard.none')}</p>
      ) : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <BarChart
              alt={t('dashboard.chart.alt', { title: props.title })}
              format={props.format}
              {...props.chart}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <div
              className="civic-table-wrap"
              role="region"
              tabIndex={0}
              aria-label={t('dashboard.table.region', { title: props.title })}
            >
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-visually-hidden">
                  {t('dashboard.table.caption', { title: props.title })}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    {props.columns.map((c) => (
                      <th
                        key={c.header}
                        scope="col"
                        className={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
                      >
                        {c.header}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {props.rows.map((cells, r) => (
                    <tr key={r} className="govuk-table__row">
                      {cells.map((cell, c) =>
                        c === 0 ? (
                          <th key={c} scope="row" className="govuk-table__header">
                            {cell}
                          </th>
                        ) : (
                          <td
                            key={c}
                            className={`govuk-table__cell${props.columns[c]?.numeric ? ' govuk-table__cell--numeric' : ''}`}
                          >
                            {cell}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
