import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { Figure } from '../../components/dashboard/Figure';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { useI18n } from '../../i18n/i18n';
import { en, type MessageKey } from '../../i18n/messages.en';

type Dashboard = components['schemas']['Dashboard'];
type CaseFigures = components['schemas']['CaseFigures'];
type Kind = 'applications' | 'complaints';

/** The open-data datasets (GET /api/v1/open-data/{dataset}.{csv|json}). */
const DATASETS = [
  'applications-by-month',
  'complaints-by-month',
  'cases-by-status',
  'processing-times',
  'deadlines',
  'satisfaction',
  'payments-by-month',
] as const;

const isKey = (key: string): key is MessageKey => key in en;

/** Number and date formatting in the page's language; null is a withheld figure. */
function useFormats() {
  const { t, language } = useI18n();
  return useMemo(() => {
    const locale = language === 'hi' ? 'hi-IN' : 'en-GB';
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const months = new Intl.DateTimeFormat(locale, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const withheld = t('dashboard.withheld');
    return {
      number: (v: number | null) => (v === null ? withheld : numbers.format(v)),
      percent: (share: number | null) => (share === null ? withheld : numbers.format(share * 100)),
      month: (yyyyMm: string) => {
        const [y, m] = yyyyMm.split('-').map(Number);
        return y && m ? months.format(new Date(Date.UTC(y, m - 1, 1))) : yyyyMm;
      },
      money: (minor: number | null, currency: string) => {
        if (minor === null) return withheld;
        try {
          const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
          return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
        } catch {
          return `${numbers.format(minor)} ${currency}`;
        }
      },
    };
  }, [t, language]);
}

/**
 * The public transparency dashboard (GET /api/v1/dashboard): each figure as a chart with a
 * table of the same numbers beside it, and the open-data files to download. Small counts and
 * figures from few cases come withheld from the API and say so.
 */
export function Component() {
  const { t, formatDateTime } = useI18n();
  usePageTitle(t('dashboard.title'));
  const [data, setData] = useState<Dashboard | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .GET('/api/v1/dashboard')
      .then(({ data: answer }) => {
        if (!current) return;
        if (answer) setData(answer);
        else setFailed(true);
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">{t('dashboard.title')}</h1>
          <p className="govuk-body-l">{t('dashboard.lead')}</p>
        </div>
      </div>
      {failed ? (
        <p className="govuk-body">{t('error.unavailable')}</p>
      ) : !data ? (
        <p className="govuk-body">{t('dashboard.loading')}</p>
      ) : (
        <>
          <p className="govuk-body">
            {t('dashboard.updated', { time: formatDateTime(new Date(data.generatedAt)) })}
          </p>
          <div className="govuk-inset-text">
            {t('dashboard.suppression', { threshold: data.suppressionThreshold })}
          </div>
          <Cases kind="applications" figures={data.applications} />
          <Cases kind="complaints" figures={data.complaints} />
          <Feedback data={data} />
          <Payments data={data} />
        </>
      )}
      <OpenData />
    </>
  );
}

function Cases({ kind, figures }: { kind: Kind; figures: CaseFigures }) {
  const { t } = useI18n();
  const f = useFormats();
  const typeName = usePermitTypeName();
  const status = (key: string) => {
    const k = `dashboard.status.${key}`;
    return isKey(k) ? t(k) : key;
  };
  const category = (key: string) =>
    key === 'all' ? t('dashboard.all') : kind === 'applications' ? typeName(key) : key;
  const categoryHeader = t(
    kind === 'applications' ? 'dashboard.col.type' : 'dashboard.col.service',
  );
  const received = t(`dashboard.col.received.${kind}`);
  const finished = t(`dashboard.col.finished.${kind}`);
  const median = t('dashboard.col.median');
  const p90 = t('dashboard.col.p90');
  return (
    <section aria-labelledby={`${kind}-heading`}>
      <h2 className="govuk-heading-l" id={`${kind}-heading`}>
        {t(`dashboard.${kind}`)}
      </h2>
      <Figure
        title={t('dashboard.byStatus')}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.count') }],
          rows: figures.byStatus.map((r) => ({ label: status(r.key), values: [r.count] })),
        }}
        columns={[
          { header: t('dashboard.col.status') },
          { header: t('dashboard.col.count'), numeric: true },
        ]}
        rows={figures.byStatus.map((r) => [status(r.key), f.number(r.count)])}
      />
      <Figure
        title={t(kind === 'applications' ? 'dashboard.byType' : 'dashboard.byService')}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.count') }],
          rows: figures.byCategory.map((r) => ({ label: category(r.key), values: [r.count] })),
        }}
        columns={[{ header: categoryHeader }, { header: t('dashboard.col.count'), numeric: true }]}
        rows={figures.byCategory.map((r) => [category(r.key), f.number(r.count)])}
      />
      <Figure
        title={t('dashboard.byMonth')}
        format={f.number}
        chart={{
          series: [{ name: received }, { name: finished }],
          rows: figures.byMonth.map((r) => ({
            label: f.month(r.month),
            values: [r.received, r.finished],
          })),
        }}
        columns={[
          { header: t('dashboard.col.month') },
          { header: received, numeric: true },
          { header: finished, numeric: true },
        ]}
        rows={figures.byMonth.map((r) => [
          f.month(r.month),
          f.number(r.received),
          f.number(r.finished),
        ])}
      />
      <Figure
        title={t('dashboard.processing')}
        text={t(`dashboard.processing.${kind}`)}
        format={f.number}
        chart={{
          series: [{ name: median }, { name: p90 }],
          rows: figures.processingTimes.map((r) => ({
            label: category(r.key),
            values: [r.medianHours, r.p90Hours],
          })),
        }}
        columns={[
          { header: categoryHeader },
          { header: t('dashboard.col.cases'), numeric: true },
          { header: median, numeric: true },
          { header: p90, numeric: true },
        ]}
        rows={figures.processingTimes.map((r) => [
          category(r.key),
          f.number(r.cases),
          f.number(r.medianHours),
          f.number(r.p90Hours),
        ])}
      />
      <Figure
        title={t('dashboard.deadlines')}
        text={t(`dashboard.deadlines.${kind}`)}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.shareMet') }],
          rows: figures.deadlines.map((r) => ({
            label: category(r.key),
            values: [r.shareMet === null ? null : Math.round(r.shareMet * 1000) / 10],
          })),
          max: 100,
        }}
        columns={[
          { header: categoryHeader },
          { header: t('dashboard.col.met'), numeric: true },
          { header: t('dashboard.col.breached'), numeric: true },
          { header: t('dashboard.col.shareMet'), numeric: true },
        ]}
        rows={figures.deadlines.map((r) => [
          category(r.key),
          f.number(r.met),
          f.number(r.breached),
          f.percent(r.shareMet),
        ])}
      />
    </section>
  );
}

function Feedback({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const f = useFormats();
  const label = (r: Dashboard['satisfaction'][number]) =>
    t('dashboard.serviceMonth', { service: r.serviceCode, month: f.month(r.month) });
  return (
    <section aria-labelledby="feedback-heading">
      <h2 className="govuk-heading-l" id="feedback-heading">
        {t('dashboard.satisfaction')}
      </h2>
      <p className="govuk-body">{t('dashboard.satisfaction.text')}</p>
      <Figure
        title={t('dashboard.col.average')}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.average') }],
          rows: data.satisfaction.map((r) => ({ label: label(r), values: [r.averageRating] })),
          max: 5,
        }}
        columns={[
          { header: t('dashboard.col.service') },
          { header: t('dashboard.col.month') },
          { header: t('dashboard.col.ratings'), numeric: true },
          { header: t('dashboard.col.average'), numeric: true },
          { header: t('dashboard.col.satisfied'), numeric: true },
        ]}
        rows={data.satisfaction.map((r) => [
          r.serviceCode,
          f.month(r.month),
          f.number(r.ratings),
          f.number(r.averageRating),
          f.percent(r.satisfiedShare),
        ])}
      />
      <Figure
        title={t('dashboard.nps')}
        text={t('dashboard.nps.text')}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.nps') }],
          rows: data.satisfaction.map((r) => ({ label: label(r), values: [r.nps] })),
          min: -100,
          max: 100,
        }}
        columns={[
          { header: t('dashboard.col.service') },
          { header: t('dashboard.col.month') },
          { header: t('dashboard.col.npsAnswers'), numeric: true },
          { header: t('dashboard.col.nps'), numeric: true },
        ]}
        rows={data.satisfaction.map((r) => [
          r.serviceCode,
          f.month(r.month),
          f.number(r.npsAnswers),
          f.number(r.nps),
        ])}
      />
    </section>
  );
}

function Payments({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const f = useFormats();
  return (
    <section aria-labelledby="payments-heading">
      <h2 className="govuk-heading-l" id="payments-heading">
        {t('dashboard.payments')}
      </h2>
      <Figure
        title={t('dashboard.col.payments')}
        text={t('dashboard.payments.text')}
        format={f.number}
        chart={{
          series: [{ name: t('dashboard.col.payments') }],
          rows: data.payments.map((r) => ({
            label: t('dashboard.monthCurrency', { month: f.month(r.month), currency: r.currency }),
            values: [r.payments],
          })),
        }}
        columns={[
          { header: t('dashboard.col.month') },
          { header: t('dashboard.col.currency') },
          { header: t('dashboard.col.payments'), numeric: true },
          { header: t('dashboard.col.amount'), numeric: true },
        ]}
        rows={data.payments.map((r) => [
          f.month(r.month),
          r.currency,
          f.number(r.payments),
          f.money(r.amountMinor, r.currency),
        ])}
      />
    </section>
  );
}

function OpenData() {
  const { t } = useI18n();
  const formats = [
    { ext: 'csv', label: t('dashboard.download.csv') },
    { ext: 'json', label: t('dashboard.download.json') },
  ] as const;
  return (
    <section aria-labelledby="open-data-heading">
      <h2 className="govuk-heading-l" id="open-data-heading">
        {t('dashboard.openData')}
      </h2>
      <p className="govuk-body">{t('dashboard.openData.text')}</p>
      <dl className="govuk-summary-list">
        {DATASETS.map((dataset) => {
          const name = t(`dashboard.dataset.${dataset}`);
          return (
            <div key={dataset} className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{name}</dt>
              <dd className="govuk-summary-list__value">
                <ul className="govuk-list">
                  {formats.map((format) => (
                    <li key={format.ext}>
                      <a
                        className="govuk-link"
                        href={`/api/v1/open-data/${dataset}.${format.ext}`}
                        download={`${dataset}.${format.ext}`}
                      >
                        {t('dashboard.download.label', { dataset: name, format: format.label })}
                      </a>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
