import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { StatusTag } from '../../components/StatusTag';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { DueTime, useNow } from '../../components/staff/DueTime';
import { Row, Select } from '../../components/staff/fields';
import { reasonName, taskKindName } from '../../components/staff/labels';
import type { TaskView } from '../../components/staff/types';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

const PAGE_SIZE = 10;
const KINDS = ['completeness_check', 'review', 'second_approval', 'escalation', 'inspection'];

/**
 * The work queue of clerks and supervisors (GET /api/v1/tasks): overdue first, then by due
 * time, held cases last, as the API orders it (at most 200 tasks). The filters and the pages
 * work on that list in the page, kept in the address so a reload or a link keeps them.
 */
export function Component() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const [tasks, setTasks] = useState<TaskView[] | undefined>();
  const [failed, setFailed] = useState(false);
  const typeName = usePermitTypeName();
  const now = useNow();
  usePageTitle(t('staff.queue.title'), failed);
  const user = session.status === 'signed-in' ? session.user : undefined;
  const staff = user?.role === 'clerk' || user?.role === 'supervisor';

  useEffect(() => {
    if (!staff) return;
    let current = true;
    api
      .GET('/api/v1/tasks')
      .then(({ data }) => {
        if (!current) return;
        if (data) setTasks(data.items);
        else setFailed(true);
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [staff]);

  const filters = {
    kind: params.get('kind') ?? '',
    type: params.get('type') ?? '',
    who: params.get('who') ?? '',
    hold: params.get('hold') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  // The form shows the filters in force whenever the address changes (back, a link).
  const applied = params.toString();
  useEffect(() => {
    const inForce = new URLSearchParams(applied);
    setDraft({
      kind: inForce.get('kind') ?? '',
      type: inForce.get('type') ?? '',
      who: inForce.get('who') ?? '',
      hold: inForce.get('hold') ?? '',
    });
  }, [applied]);

  const shown = useMemo(
    () =>
      (tasks ?? []).filter(
        (task) =>
          (!filters.kind || task.kind === filters.kind) &&
          (!filters.type || task.permitType === filters.type) &&
          (filters.who !== 'mine' || task.assigneeId === user?.id) &&
          (filters.who !== 'unassigned' || task.assigneeId === null) &&
          (filters.hold !== 'held' || task.onHold) &&
          (filters.hold !== 'workable' || !task.onHold),
      ),
    [tasks, filters.kind, filters.type, filters.who, filters.hold, user?.id],
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(params.get('page') ?? '1') || 1));
  const onPage = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous') return <Navigate to="/sign-in?next=/work" replace />;
  if (user?.role === 'inspector') return <Navigate to="/inspections" replace />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(draft)) if (value) next.set(name, value);
    setParams(next);
  };
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `/work?${next.toString()}`;
  };
  const types = [...new Set((tasks ?? []).map((task) => task.permitType))].sort();
  const assignee = (task: TaskView) =>
    task.assigneeId === null
      ? t('staff.assignee.none')
      : task.assigneeId === user?.id
        ? t('staff.assignee.you')
        : t('staff.assignee.other');

  return (
    <>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('staff.queue.title')}</h1>
      {!staff ? <p className="govuk-body">{t('staff.queue.notStaff')}</p> : null}
      {staff ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <form noValidate onSubmit={apply} aria-label={t('staff.queue.filters')}>
              <h2 className="govuk-heading-m">{t('staff.queue.filters')}</h2>
              <Select
                id="kind"
                label={t('staff.queue.filter.kind')}
                value={draft.kind}
                onChange={(kind) => setDraft({ ...draft, kind })}
                choices={[
                  { value: '', label: t('staff.queue.filter.any') },
                  ...KINDS.map((k) => ({ value: k, label: taskKindName(t, k) })),
                ]}
              />
              <Select
                id="type"
                label={t('staff.queue.filter.type')}
                value={draft.type}
                onChange={(type) => setDraft({ ...draft, type })}
                choices={[
                  { value: '', label: t('staff.queue.filter.any') },
                  ...types.map((code) => ({ value: code, label: typeName(code) })),
                ]}
              />
              <Select
                id="who"
                label={t('staff.queue.filter.who')}
                value={draft.who}
                onChange={(who) => setDraft({ ...draft, who })}
                choices={[
                  { value: '', label: t('staff.queue.filter.anyone') },
                  { value: 'mine', label: t('staff.queue.filter.mine') },
                  { value: 'unassigned', label: t('staff.queue.filter.unassigned') },
                ]}
              />
              <Select
                id="hold"
                label={t('staff.queue.filter.hold')}
                value={draft.hold}
                onChange={(hold) => setDraft({ ...draft, hold })}
                choices={[
                  { value: '', label: t('staff.queue.filter.any') },
                  { value: 'workable', label: t('staff.queue.filter.workable') },
                  { value: 'held', label: t('staff.queue.filter.held') },
                ]}
              />
              <button type="submit" className="govuk-button govuk-button--secondary">
                {t('staff.queue.apply')}
              </button>
            </form>
          </div>
          <div className="govuk-grid-column-two-thirds">
            {tasks === undefined && !failed ? (
              <p className="govuk-body">{t('page.loading')}</p>
            ) : null}
            {tasks !== undefined ? (
              <p className="govuk-body" role="status">
                {t('staff.queue.count', { shown: shown.length, total: tasks.length })}
              </p>
            ) : null}
            {onPage.map((task) => (
              <div className="govuk-summary-card" key={`${task.id}:${task.kind}`}>
                <div className="govuk-summary-card__title-wrapper">
                  <h2 className="govuk-summary-card__title">
                    <Link className="govuk-link" to={`/work/cases/${task.id}`}>
                      {t('staff.queue.open', { caseNumber: task.caseNumber })}
                    </Link>
                  </h2>
                </div>
                <div className="govuk-summary-card__content">
                  <dl className="govuk-summary-list">
                    <Row label={t('staff.queue.kind')}>{taskKindName(t, task.kind)}</Row>
                    <Row label={t('staff.queue.type')}>{typeName(task.permitType)}</Row>
                    <Row label={t('staff.queue.status')}>
                      <StatusTag status={task.status} />
                    </Row>
                    <Row label={t('staff.queue.due')}>
                      <DueTime
                        dueAt={task.dueAt}
                        overdue={task.overdue}
                        onHold={task.onHold}
                        now={now}
                      />
                    </Row>
                    <Row label={t('staff.queue.assignee')}>{assignee(task)}</Row>
                    {task.hold ? (
                      <Row label={t('staff.queue.hold')}>
                        <strong className="govuk-tag govuk-tag--yellow">
                          {t('staff.queue.onHold')}
                        </strong>{' '}
                        {reasonName(t, task.hold.reasonCode)}
                      </Row>
                    ) : null}
                  </dl>
                </div>
              </div>
            ))}
            {pages > 1 ? (
              <nav className="govuk-pagination" aria-label={t('staff.queue.pages')}>
                {page > 1 ? (
                  <div className="govuk-pagination__prev">
                    <Link
                      className="govuk-link govuk-pagination__link"
                      to={pageLink(page - 1)}
                      rel="prev"
                    >
                      <span className="govuk-pagination__link-title">
                        {t('staff.queue.previous')}
                      </span>
                    </Link>
                  </div>
                ) : null}
                <ul className="govuk-pagination__list">
                  {Array.from({ length: pages }, (_, n) => n + 1).map((n) => (
                    <li
                      key={n}
                      className={`govuk-pagination__item${n === page ? ' govuk-pagination__item--current' : ''}`}
                    >
                      <Link
                        className="govuk-link govuk-pagination__link"
                        to={pageLink(n)}
                        aria-label={t('staff.queue.page', { n })}
                        aria-current={n === page ? 'page' : undefined}
                      >
                        {n}
                      </Link>
                    </li>
                  ))}
                </ul>
                {page < pages ? (
                  <div className="govuk-pagination__next">
                    <Link
                      className="govuk-link govuk-pagination__link"
                      to={pageLink(page + 1)}
                      rel="next"
                    >
                      <span className="govuk-pagination__link-title">{t('staff.queue.next')}</span>
                    </Link>
                  </div>
                ) : null}
              </nav>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
