import { Link } from 'react-router';
import { RoleGate } from '../../components/audit/RoleGate';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages.en';

const PAGES: { to: string; title: MessageKey; text: MessageKey }[] = [
  { to: '/cashier/till', title: 'cashier.till.title', text: 'cashier.home.till' },
  { to: '/cashier/invoices', title: 'cashier.invoices.title', text: 'cashier.home.invoices' },
  { to: '/cashier/payments', title: 'cashier.payments.title', text: 'cashier.home.payments' },
  { to: '/cashier/refunds', title: 'cashier.refunds.title', text: 'cashier.home.refunds' },
  {
    to: '/cashier/adjustments',
    title: 'cashier.adjustments.title',
    text: 'cashier.home.adjustments',
  },
  {
    to: '/cashier/discrepancies',
    title: 'cashier.discrepancies.title',
    text: 'cashier.home.discrepancies',
  },
];

/** The cashier's start: the counter, the lists, waivers to decide, reconciliation. */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.home.title'));
  return (
    <RoleGate roles={['cashier', 'supervisor', 'auditor']} title={t('cashier.home.title')}>
      <h1 className="govuk-heading-l">{t('cashier.home.title')}</h1>
      <ul className="govuk-list">
        {PAGES.map((page) => (
          <li key={page.to} className="govuk-!-margin-bottom-4">
            <Link
              className="govuk-link govuk-link--no-visited-state govuk-!-font-weight-bold"
              to={page.to}
            >
              {t(page.title)}
            </Link>
            <p className="govuk-body govuk-!-margin-bottom-0">{t(page.text)}</p>
          </li>
        ))}
      </ul>
    </RoleGate>
  );
}
