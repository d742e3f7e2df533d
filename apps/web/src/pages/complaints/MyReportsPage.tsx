import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import {
  ComplaintStatusTag,
  serviceName,
  useComplaintServices,
} from '../../components/complaints/complaints-data';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

type OwnComplaint = components['schemas']['OwnComplaintView'];

/** The citizen's reports and those they follow, newest first (`GET /api/v1/complaints`). */
export function Component() {
  const { t, formatDate } = useI18n();
  const { session } = useSession();
  const services = useComplaintServices();
  const [items, setItems] = useState<OwnComplaint[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  usePageTitle(t('complaints.myReports.title'), failed);
  const citizen = session.status === 'signed-in' && session.user.role === 'citizen';

  const load = async (cursor?: string) => {
    const { data } = await api.GET('/api/v1/complaints', {
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
  if (session.status === 'anonymous') return <Navigate to="/sign-in?next=/complaints" replace />;

  return (
    <>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('complaints.myReports.title')}</h1>
      {!citizen ? <p className="govuk-body">{t('complaints.report.citizensOnly')}</p> : null}
      {citizen ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/report">
            {t('complaints.myReports.reportAnother')}
          </Link>
        </p>
      ) : null}
      {citizen && items === undefined && !failed ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {items?.length === 0 ? <p className="govuk-body">{t('complaints.myReports.none')}</p> : null}
      {items && items.length > 0 ? (
        <ul className="govuk-list civic-report-list">
          {items.map((item) => (
            <li key={item.serviceRequestId} className="civic-report-list__item">
              <h2 className="govuk-heading-s">
                <Link className="govuk-link" to={`/complaints/${item.serviceRequestId}`}>
                  {serviceName(services, item.serviceCode)}
                </Link>
              </h2>
              <dl className="govuk-summary-list govuk-summary-list--no-border">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{t('complaints.myReports.status')}</dt>
                  <dd className="govuk-summary-list__value">
                    <ComplaintStatusTag status={item.externalStatusCode} />
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{t('complaints.myReports.reported')}</dt>
                  <dd className="govuk-summary-list__value">
                    {formatDate(item.requestedDatetime)}
                  </dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{t('complaints.myReports.where')}</dt>
                  <dd className="govuk-summary-list__value">
                    {item.address ?? t('complaints.myReports.noAddress')}
                  </dd>
                </div>
                {item.relation === 'follower' ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">
                      {t('complaints.myReports.relation')}
                    </dt>
                    <dd className="govuk-summary-list__value">
                      {t('complaints.myReports.following')}
                    </dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
      {next ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => void load(next).catch(() => setFailed(true))}
        >
          {t('complaints.myReports.more')}
        </button>
      ) : null}
    </>
  );
}
