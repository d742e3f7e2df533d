import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api, type ApplicationSummary } from '../api/client';
import { ErrorSummary } from '../components/ErrorSummary';
import { StatusTag } from '../components/StatusTag';
import { usePageTitle } from '../components/usePageTitle';
import { usePermitTypeName } from '../components/usePermitTypeName';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';

/** The applicant's own applications, newest first (GET /api/v1/applications), a page at a time. */
export function Component() {
  const { t, formatDate } = useI18n();
  const { session } = useSession();
  const [items, setItems] = useState<ApplicationSummary[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const typeName = usePermitTypeName();
  usePageTitle(t('applications.title'), failed);
  const citizen = session.status === 'signed-in' && session.user.role === 'citizen';

  const load = async (cursor?: string) => {
    const { data } = await api.GET('/api/v1/applications', {
      params: { query: cursor ? { cursor } : {} },
    });
    if (!data) {
      setFailed(true);
      return;
    }
    setItems((previous) => [...(cursor ? (previous ?? []) : []), ...data.items]);
    setNext(data.nextCursor);
  };

  useEffect(() => {
    if (citizen) void load().catch(() => setFailed(true));
  }, [citizen]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous') return <Navigate to="/sign-in?next=/applications" replace />;

  return (
    <>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('applications.title')}</h1>
      {!citizen ? <p className="govuk-body">{t('applications.staffOnly')}</p> : null}
      {citizen ? (
        <Link className="govuk-button" to="/apply" draggable={false}>
          {t('applicant.list.start')}
        </Link>
      ) : null}
      {citizen && items === undefined && !failed ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {items?.length === 0 ? <p className="govuk-body">{t('applications.none')}</p> : null}
      {items?.map((item) => (
        <div className="govuk-summary-card" key={item.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              <Link className="govuk-link" to={`/applications/${item.id}`}>
                {item.title}
              </Link>
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <Row label={t('applications.caseNumber')}>
                {item.caseNumber ?? t('applications.draft')}
              </Row>
              <Row label={t('applications.type')}>{typeName(item.permitType)}</Row>
              <Row label={t('applications.status')}>
                <StatusTag status={item.status} />
              </Row>
              <Row label={t('applications.submitted')}>
                {item.submittedAt ? formatDate(item.submittedAt) : t('applications.notYet')}
              </Row>
              {item.reviewDueAt ? (
                <Row label={t('applications.reviewDue')}>{formatDate(item.reviewDueAt)}</Row>
              ) : null}
            </dl>
          </div>
        </div>
      ))}
      {next ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => void load(next).catch(() => setFailed(true))}
        >
          {t('applications.more')}
        </button>
      ) : null}
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
