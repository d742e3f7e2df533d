import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';

/** The start page: what the service does, and the way in. */
export function Component() {
  const { t } = useI18n();
  const { session } = useSession();
  usePageTitle(t('start.title'));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{t('start.title')}</h1>
        <p className="govuk-body-l">{t('start.lead')}</p>
        <p className="govuk-body">{t('start.youCan')}</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>{t('start.item.apply')}</li>
          <li>{t('start.item.follow')}</li>
          <li>{t('start.item.verify')}</li>
        </ul>
        {session.status === 'signed-in' ? (
          <p className="govuk-body">{t('start.signedInAs', { name: session.user.fullName })}</p>
        ) : null}
        <Link
          to={session.status === 'signed-in' ? '/applications' : '/sign-in'}
          role="button"
          draggable="false"
          className="govuk-button govuk-button--start"
        >
          {t('start.button')}
          <svg
            className="govuk-button__start-icon"
            xmlns="http://www.w3.org/2000/svg"
            width="17.5"
            height="19"
            viewBox="0 0 33 40"
            aria-hidden="true"
            focusable="false"
          >
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </Link>
      </div>
      <div className="govuk-grid-column-one-third">
        <aside className="civic-related" aria-labelledby="verify-heading">
          <h2 className="govuk-heading-m" id="verify-heading">
            {t('start.verifyHeading')}
          </h2>
          <p className="govuk-body">{t('start.verifyText')}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/verify">
              {t('start.verifyLink')}
            </Link>
          </p>
        </aside>
        <aside className="civic-related" aria-labelledby="dashboard-heading">
          <h2 className="govuk-heading-m" id="dashboard-heading">
            {t('dashboard.start.heading')}
          </h2>
          <p className="govuk-body">{t('dashboard.start.text')}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/dashboard">
              {t('dashboard.start.link')}
            </Link>
          </p>
        </aside>
      </div>
    </div>
  );
}
