import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { User } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/**
 * A staff page's gate: signed out, to the sign-in page and back; signed in with another role,
 * a page that says who may use it (the API would refuse them anyway: 403).
 */
export function RoleGate({
  roles,
  title,
  children,
}: {
  roles: readonly User['role'][];
  title: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous')
    return (
      <Navigate
        to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`}
        replace
      />
    );
  if (!roles.includes(session.user.role))
    return (
      <>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t('audit.notYourRole')}</p>
      </>
    );
  return children;
}
