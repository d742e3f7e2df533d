import { Link } from 'react-router';
import { api } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { FilteredList, type Filters } from '../../components/cashier/FilteredList';
import { shortId, type Payment } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';

const STATUSES = [
  'created',
  'started',
  'submitted',
  'success',
  'failed',
  'cancelled',
  'error',
] as const;

/** Every payment, newest first, by status and time (GET /api/v1/staff/payments). */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.payments.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.payments.title')}>
      <h1 className="govuk-heading-l">{t('cashier.payments.title')}</h1>
      <Payments />
    </RoleGate>
  );
}

function Payments() {
  const { t, formatDate } = useI18n();
  const money = useMoney();
  const load = async (filters: Filters, cursor?: string) =>
    (
      await api.GET('/api/v1/staff/payments', {
        params: {
          query: {
            ...filters,
            status: filters.status as Payment['state']['status'] | undefined,
            ...(cursor ? { cursor } : {}),
          },
        },
      })
    ).data;
  return (
    <FilteredList<Payment>
      testId="payments"
      caption={t('cashier.payments.caption')}
      statuses={STATUSES}
      statusLabel={(s) => t(`cashier.payment.status.${s as Payment['state']['status']}`)}
      load={load}
      columns={[
        {
          header: t('cashier.payment.id'),
          cell: (p) => (
            <Link className="govuk-link" to={`/cashier/payments/${p.id}`}>
              {shortId(p.id)}
            </Link>
          ),
        },
        { header: t('cashier.payment.method'), cell: (p) => p.provider },
        { header: t('cashier.payment.amount'), cell: (p) => money(p.amount) },
        {
          header: t('cashier.payment.status'),
          cell: (p) => t(`cashier.payment.status.${p.state.status}`),
        },
        {
          header: t('cashier.payment.refundable'),
          cell: (p) =>
            money({ amountMinor: p.refundSummary.amountAvailable, currency: p.amount.currency }),
        },
        { header: t('cashier.payment.created'), cell: (p) => formatDate(p.createdAt) },
      ]}
    />
  );
}
