import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import {
  ComplaintStatusTag,
  serviceName,
  useComplaintServices,
  type ComplaintStatus,
} from '../../components/complaints/complaints-data';
import {
  dueOf,
  NotStaff,
  useComplaintsStaff,
  useNow,
  useRelativeTime,
} from '../../components/complaints/useStaff';
import { useI18n } from '../../i18n/i18n';

type Case = components['schemas']['ComplaintCaseView'];

const OPEN_STATUSES: ComplaintStatus[] = [
  'for_triage',
  'investigating',
  'action_scheduled',
  'in_progress',
];

/**
 * The complaints triage queue for clerks, supervisors and admins (`GET
 * /api/v1/complaints/queue`): open work with its SLA countdown, overdue first, then by due time;
 * filtered by status and by "assigned to me".
 */
export function Component() {
  const { t } = useI18n();
  const staff = useComplaintsStaff();
  const services = useComplaintServices();
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Case[] | undefined>();
  const [failed, setFailed] = useState(false);
  const now = useNow();
  const relative = useRelativeTime();
  const status = (params.get('status') ?? '') as ComplaintStatus | '';
  const mine = params.get('mine') === '1';
  const [statusChoice, setStatusChoice] = useState<string>(status);
  const [mineChoice, setMineChoice] = useState(mine);
  usePageTitle(t('complaints.queue.title'), failed);

  useEffect(() => {
    if (!staff) return;
    let current = true;
    setItems(undefined);
    void api
      .GET('/api/v1/complaints/queue', {
        params: {
          query: { limit: 200, ...(status ? { status } : {}), ...(mine ? { officer: 'me' } : {}) },
        },
      })
      .then(({ data }) => {
        if (!current) return;
        if (data) setItems(data.items);
        else setFailed(true);
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [staff, status, mine]);

  if (staff === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!staff) return <NotStaff path="/staff/complaints" title={t('complaints.queue.title')} />;

  const sorted = [...(items ?? [])].sort((a, b) => {
    const [da, db] = [dueOf(a), dueOf(b)];
    if (da === db) return a.requestedDatetime.localeCompare(b.requestedDatetime);
    if (da === null) return 1;
    if (db === null) return -1;
    return da.localeCompare(db);
  });

  const filter = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (statusChoice) next.set('status', statusChoice);
    if (mineChoice) next.set('mine', '1');
    setParams(next);
  };

  return (
    <>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('complaints.queue.title')}</h1>
      <form className="civic-filters" onSubmit={filter}>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">
            {t('complaints.queue.filterStatus')}
          </label>
          <select
            id="status"
            name="status"
            className="govuk-select"
            value={statusChoice}
            onChange={(event) => setStatusChoice(event.target.value)}
          >
            <option value="">{t('complaints.queue.allOpen')}</option>
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`complaints.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id="mine"
                name="mine"
                type="checkbox"
                checked={mineChoice}
                onChange={(event) => setMineChoice(event.target.checked)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="mine">
                {t('complaints.queue.mine')}
              </label>
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('complaints.queue.apply')}
        </button>
      </form>
      {items === undefined && !failed ? <p className="govuk-body">{t('page.loading')}</p> : null}
      {items?.length === 0 ? <p className="govuk-body">{t('complaints.queue.empty')}</p> : null}
      {sorted.length > 0 ? (
        <div
          className="civic-table-wrapper"
          role="region"
          aria-labelledby="queue-caption"
          tabIndex={0}
        >
          <table className="govuk-table">
            <caption id="queue-caption" className="govuk-table__caption govuk-table__caption--m">
              {t('complaints.queue.caption', { count: sorted.length })}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  {t('complaints.queue.report')}
                </th>
                <th scope="col" className="govuk-table__header">
                  {t('complaints.myReports.status')}
                </th>
                <th scope="col" className="govuk-table__header">
                  {t('complaints.queue.priority')}
                </th>
                <th scope="col" className="govuk-table__header">
                  {t('complaints.queue.due')}
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {sorted.map((c) => {
                const due = dueOf(c);
                const overdue = due !== null && new Date(due).getTime() < now;
                return (
                  <tr className="govuk-table__row" key={c.serviceRequestId}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/staff/complaints/${c.serviceRequestId}`}>
                        {serviceName(services, c.serviceCode)}
                      </Link>
                      <br />
                      <span className="govuk-body-s">{c.fullAddress ?? c.address ?? ''}</span>
                    </td>
                    <td className="govuk-table__cell">
                      <ComplaintStatusTag status={c.externalStatusCode} />
                      {c.escalated ? (
                        <>
                          {' '}
                          <strong className="govuk-tag govuk-tag--red">
                            {t('complaints.queue.escalated')}
                          </strong>
                        </>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">{t(`complaints.priority.${c.priority}`)}</td>
                    <td className="govuk-table__cell" data-due={due ?? ''}>
                      {due === null ? (
                        t('complaints.queue.clockStopped')
                      ) : overdue ? (
                        <strong className="govuk-tag govuk-tag--red">
                          {t('complaints.queue.overdue', { when: relative(due, now) })}
                        </strong>
                      ) : (
                        t('complaints.queue.dueIn', { when: relative(due, now) })
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
