import { Link } from 'react-router';
import { api } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { FilteredList, type Filters } from '../../components/cashier/FilteredList';
import { shortId, type Invoice } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';

const STATUSES = ['open', 'paid', 'cancelled', 'expired', 'waived'] as const;

/** Every invoice, newest first, by status and time (GET /api/v1/staff/invoices). */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.invoices.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.invoices.title')}>
      <h1 className="govuk-heading-l">{t('cashier.invoices.title')}</h1>
      <Invoices />
    </RoleGate>
  );
}

function Invoices() {
  const { t, formatDate } = useI18n();
  const money = useMoney();
  const load = async (filters: Filters, cursor?: string) =>
    (
      await api.GET('/api/v1/staff/invoices', {
        params: {
          query: {
            ...filters,
            status: filters.status as Invoice['status'] | undefined,
            ...(cursor ? { cursor } : {}),
          },
        },
      })
    ).data;
  return (
    <FilteredList<Invoice>
      testId="invoices"
      caption={t('cashier.invoices.caption')}
      statuses={STATUSES}
      statusLabel={(s) => t(`cashier.invoice.status.${s as Invoice['status']}`)}
      load={load}
      columns={[
        { header: t('cashier.invoice.id'), cell: (i) => shortId(i.id) },
        { header: t('cashier.invoice.purpose'), cell: (i) => i.purpose },
        { header: t('cashier.invoice.case'), cell: (i) => `${i.caseRef.context}/${i.caseRef.id}` },
        { header: t('cashier.invoice.amount'), cell: (i) => money(i.amount) },
        {
          header: t('cashier.invoice.status'),
          cell: (i) => t(`cashier.invoice.status.${i.status}`),
        },
        { header: t('cashier.invoice.issued'), cell: (i) => formatDate(i.issuedAt) },
        {
          header: t('cashier.invoice.actions'),
          cell: (i) =>
            i.status === 'open' ? (
              <ul className="govuk-list">
                <li>
                  <Link className="govuk-link" to={`/cashier/till?invoice=${i.id}`}>
                    {t('cashier.invoice.takeCash')}
                    <span className="govuk-visually-hidden"> {shortId(i.id)}</span>
                  </Link>
                </li>
                <li>
                  <Link className="govuk-link" to={`/cashier/invoices/${i.id}/adjust`}>
                    {t('cashier.invoice.adjust')}
                    <span className="govuk-visually-hidden"> {shortId(i.id)}</span>
                  </Link>
                </li>
              </ul>
            ) : null,
        },
      ]}
    />
  );
}
