import { Link } from 'react-router';
import { api } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { FilteredList, type Filters } from '../../components/cashier/FilteredList';
import { shortId, type Refund } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';

const STATUSES = ['submitted', 'success', 'error'] as const;

/** Every refund, newest first, by status and time (GET /api/v1/refunds). */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.refunds.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.refunds.title')}>
      <h1 className="govuk-heading-l">{t('cashier.refunds.title')}</h1>
      <Refunds />
    </RoleGate>
  );
}

function Refunds() {
  const { t, formatDate } = useI18n();
  const money = useMoney();
  const load = async (filters: Filters, cursor?: string) =>
    (
      await api.GET('/api/v1/refunds', {
        params: {
          query: {
            ...filters,
            status: filters.status as Refund['status'] | undefined,
            ...(cursor ? { cursor } : {}),
          },
        },
      })
    ).data;
  return (
    <FilteredList<Refund>
      testId="refunds"
      caption={t('cashier.refunds.caption')}
      statuses={STATUSES}
      statusLabel={(s) => t(`cashier.refund.status.${s as Refund['status']}`)}
      load={load}
      columns={[
        { header: t('cashier.refund.id'), cell: (r) => shortId(r.id) },
        {
          header: t('cashier.refund.payment'),
          cell: (r) => (
            <Link className="govuk-link" to={`/cashier/payments/${r.paymentId}`}>
              {shortId(r.paymentId)}
            </Link>
          ),
        },
        { header: t('cashier.refund.amount'), cell: (r) => money(r.amount) },
        { header: t('cashier.refund.reason'), cell: (r) => r.reasonCode },
        {
          header: t('cashier.refund.status'),
          cell: (r) => t(`cashier.refund.status.${r.status}`),
        },
        { header: t('cashier.refund.requested'), cell: (r) => formatDate(r.requestedAt) },
      ]}
    />
  );
}
