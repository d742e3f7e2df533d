import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/** The applicant's pages: signed-out people go to sign in first and come back here after. */
export function SignedInOnly({ children }: { children: ReactNode }) {
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
  return <>{children}</>;
}

/** A summary list's row (GOV.UK summary list), with an optional action link. */
export function SummaryRow({
  label,
  children,
  action,
  id,
  error,
}: {
  label: ReactNode;
  children: ReactNode;
  action?: ReactNode;
  id?: string;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="govuk-summary-list__row" id={id} tabIndex={id ? -1 : undefined}>
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">
        {error ? (
          <p className="govuk-error-message">
            <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
          </p>
        ) : null}
        {children}
      </dd>
      {action ? <dd className="govuk-summary-list__actions">{action}</dd> : null}
    </div>
  );
}

/** An application that does not exist or is not the caller's (the API answers 404 or 403). */
export function NotYours({ t }: { t: Translate }) {
  return (
    <>
      <h1 className="govuk-heading-l">{t('applicant.notFound.title')}</h1>
      <p className="govuk-body">{t('applicant.notFound.text')}</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/applications">
          {t('nav.applications')}
        </Link>
      </p>
    </>
  );
}
