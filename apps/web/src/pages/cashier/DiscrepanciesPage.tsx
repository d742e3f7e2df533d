import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { Select } from '../../components/cashier/fields';
import { shortId, type Discrepancy } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';

const STATUSES = ['open', 'resolved'] as const;
const KINDS = ['missing_here', 'amount_mismatch', 'fee', 'missing_at_provider'] as const;

/** Reconciliation discrepancies by status and kind (GET /api/v1/reconciliation/discrepancies). */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.discrepancies.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.discrepancies.title')}>
      <Discrepancies />
    </RoleGate>
  );
}

function Discrepancies() {
  const { t, formatDate } = useI18n();
  const money = useMoney();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as Discrepancy['status'];
  const kind = params.get('kind') as Discrepancy['kind'] | null;
  const [values, setValues] = useState({ status, kind: kind ?? '' });
  const [items, setItems] = useState<Discrepancy[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  usePageTitle(t('cashier.discrepancies.title'), failed);
  const query = params.toString();

  const load = async (cursor?: string) => {
    const { data } = await api.GET('/api/v1/reconciliation/discrepancies', {
      params: { query: { status, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } },
    });
    if (!data) return setFailed(true);
    setItems((previous) => [...(cursor ? (previous ?? []) : []), ...data.items]);
    setNext(data.nextCursor);
  };
  useEffect(() => {
    setItems(undefined);
    void load().catch(() => setFailed(true));
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({ status: values.status, ...(values.kind ? { kind: values.kind } : {}) });
  };
  const amount = (minor: number | null, currency: string) =>
    minor === null ? '—' : money({ amountMinor: minor, currency });

  return (
    <>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('cashier.discrepancies.title')}</h1>
      <form noValidate onSubmit={submit}>
        <Select
          id="status"
          label={t('cashier.filter.status')}
          value={values.status}
          onChange={(v) => setValues({ ...values, status: v as Discrepancy['status'] })}
          placeholder={t('cashier.filter.any')}
          options={STATUSES.map((s) => ({ value: s, label: t(`cashier.discrepancy.status.${s}`) }))}
        />
        <Select
          id="kind"
          label={t('cashier.discrepancy.kind')}
          value={values.kind}
          onChange={(v) => setValues({ ...values, kind: v })}
          placeholder={t('cashier.filter.any')}
          options={KINDS.map((k) => ({ value: k, label: t(`cashier.discrepancy.kind.${k}`) }))}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('cashier.filter.apply')}
        </button>
      </form>
      {items === undefined && !failed ? <p className="govuk-body">{t('page.loading')}</p> : null}
      {items?.length === 0 ? <p className="govuk-body">{t('cashier.list.none')}</p> : null}
      {items && items.length > 0 ? (
        <div
          className="civic-table-wrap"
          tabIndex={0}
          role="region"
          aria-labelledby="discrepancies-caption"
        >
          <table className="govuk-table civic-break" data-testid="discrepancies">
            <caption
              className="govuk-table__caption govuk-table__caption--s"
              id="discrepancies-caption"
            >
              {t('cashier.discrepancies.caption')}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {(['kind', 'reference', 'expected', 'reported', 'found', 'action'] as const).map(
                  (c) => (
                    <th scope="col" className="govuk-table__header" key={c}>
                      {t(`cashier.discrepancy.${c}`)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((d) => (
                <tr className="govuk-table__row" key={d.id}>
                  <td className="govuk-table__cell">{t(`cashier.discrepancy.kind.${d.kind}`)}</td>
                  <td className="govuk-table__cell">{d.reference}</td>
                  <td className="govuk-table__cell">{amount(d.expectedMinor, d.currency)}</td>
                  <td className="govuk-table__cell">{amount(d.reportedMinor, d.currency)}</td>
                  <td className="govuk-table__cell">{formatDate(d.foundAt)}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cashier/discrepancies/${d.id}`}>
                      {d.status === 'open'
                        ? t('cashier.discrepancy.resolve')
                        : t('cashier.discrepancy.view')}
                      <span className="govuk-visually-hidden"> {shortId(d.id)}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => void load(next)}
        >
          {t('cashier.list.more')}
        </button>
      ) : null}
    </>
  );
}
