import { Link } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle';
import { NotAdmin, useAdmin } from '../../components/admin/admin';
import { useI18n } from '../../i18n/i18n';

const SECTIONS = [
  ['/admin/users', 'admin.users.title', 'admin.users.lead'],
  ['/admin/permit-types', 'admin.types.title', 'admin.types.lead'],
  ['/admin/services', 'admin.services.title', 'admin.services.lead'],
  ['/admin/calendar', 'admin.calendar.title', 'admin.calendar.lead'],
  ['/admin/api-keys', 'admin.keys.title', 'admin.keys.lead'],
] as const;

/** The admin's start: users and roles, permit types, the catalogue, the calendar, API keys. */
export function Component() {
  const { t } = useI18n();
  const admin = useAdmin();
  usePageTitle(t('admin.title'));
  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin" title={t('admin.title')} />;
  return (
    <>
      <h1 className="govuk-heading-l">{t('admin.title')}</h1>
      <ul className="govuk-list">
        {SECTIONS.map(([to, title, lead]) => (
          <li key={to} className="civic-section">
            <h2 className="govuk-heading-m">
              <Link className="govuk-link" to={to}>
                {t(title)}
              </Link>
            </h2>
            <p className="govuk-body">{t(lead)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
