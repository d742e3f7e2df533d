import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { StatusTag } from '../../components/StatusTag';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import {
  ActionDetails,
  AddConditionForm,
  ClaimForm,
  ConditionMetForm,
  HoldForm,
  PostForm,
  RejectForm,
  ReleaseForm,
  RequestChangesForm,
  RevokeForm,
  ScheduleForm,
  SimpleDecisionForm,
  todayIn,
  type ActionContext,
} from '../../components/staff/CaseActions';
import { CaseFile } from '../../components/staff/CaseFile';
import { DueTime, useNow } from '../../components/staff/DueTime';
import { Row } from '../../components/staff/fields';
import { reasonName, stepName } from '../../components/staff/labels';
import { problemErrors, shownErrors, type StaffError } from '../../components/staff/problems';
import type {
  ApplicationView,
  InspectorView,
  MessageView,
  ThreadEntryView,
} from '../../components/staff/types';
import { useI18n } from '../../i18n/i18n';
import type { StaffKey } from '../../i18n/staff.en';
import { useSession } from '../../session/session';

const CLOSED = ['issued', 'rejected', 'withdrawn', 'lapsed'];

/**
 * A case as clerks and supervisors work it: the applicant's form and documents (previewed
 * inline), the messages and staff notes, the history, and the actions the signed-in role may
 * take in the case's state (the permits service decides; refusals come back as problems, shown
 * beside the field they name).
 */
export function Component() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const typeName = usePermitTypeName();
  const now = useNow();
  const [view, setView] = useState<ApplicationView | undefined>();
  const [missing, setMissing] = useState(false);
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [notes, setNotes] = useState<ThreadEntryView[]>([]);
  const [inspectors, setInspectors] = useState<InspectorView[]>([]);
  const [timeZone, setTimeZone] = useState<string | undefined>();
  const [errors, setErrors] = useState<StaffError[]>([]);
  const [banner, setBanner] = useState<StaffKey | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** Bumped after each action that worked: the action forms start empty again. */
  const [sent, setSent] = useState(0);
  const user = session.status === 'signed-in' ? session.user : undefined;
  const role = user?.role;
  const worker = role === 'clerk' || role === 'supervisor';
  const staff = worker || role === 'inspector';
  const heading = view?.caseNumber
    ? t('staff.case.title', { caseNumber: view.caseNumber })
    : t('staff.case.titleLoading');
  usePageTitle(heading, errors.length > 0);
  const shown = shownErrors(errors, t);

  const load = useCallback(async () => {
    const [application, thread, staffNotes] = await Promise.all([
      api.GET('/api/v1/applications/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/applications/{id}/messages', {
        params: { path: { id }, query: { limit: 100 } },
      }),
      api.GET('/api/v1/applications/{id}/notes', {
        params: { path: { id }, query: { limit: 100 } },
      }),
    ]);
    if (application.data) setView(application.data);
    else if (application.response.status === 404 || application.response.status === 422)
      setMissing(true);
    else throw new Error('unavailable');
    setMessages(thread.data?.items ?? []);
    setNotes(staffNotes.data?.items ?? []);
  }, [id]);

  useEffect(() => {
    if (!staff) return;
    load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    if (worker) {
      void api.GET('/api/v1/inspectors').then(({ data }) => setInspectors(data?.items ?? []));
      void api.GET('/api/v1/calendar').then(({ data }) => setTimeZone(data?.timeZone));
    }
  }, [staff, worker, load]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous')
    return <Navigate to={`/sign-in?next=/work/cases/${id}`} replace />;
  if (!staff)
    return (
      <>
        <h1 className="govuk-heading-l">{t('staff.queue.title')}</h1>
        <p className="govuk-body">{t('staff.queue.notStaff')}</p>
      </>
    );
  if (missing)
    return (
      <>
        <h1 className="govuk-heading-l">{t('staff.case.notFound')}</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/work">
            {t('staff.case.back')}
          </Link>
        </p>
      </>
    );

  const ctx: ActionContext | undefined = view && {
    view,
    busy,
    errorOf: (field) => shown.find((e) => e.field === field)?.message,
    refuse: (found) => {
      setBanner(undefined);
      setErrors(found);
    },
    send: async (action, call, done, fields, codes) => {
      setBusy(true);
      setErrors([]);
      setBanner(undefined);
      try {
        const { error, response } = await call(crypto.randomUUID());
        if (response.ok) {
          setOpen(undefined);
          setSent((n) => n + 1);
          await load();
          setBanner(done);
          return true;
        }
        setOpen(action);
        setErrors(problemErrors(error, fields, codes));
      } catch {
        setErrors([{ key: 'error.unavailable' }]);
      } finally {
        setBusy(false);
      }
      return false;
    },
  };

  const own = view && user && (view.applicantId === user.id || view.filedBy === user.id);
  const held = view?.hold != null;
  const s = view?.status;
  const step = view?.step;
  const inCompleteness = s === 'submitted' && step === 'completeness_check';
  const inReview = s === 'under_review' && (step === 'review' || step === 'second_approval');
  const works = Boolean(worker && view && !own);
  const actions = view
    ? {
        claim:
          works &&
          !held &&
          view.assigneeId !== user?.id &&
          (inCompleteness || s === 'under_review' || s === 'inspection'),
        complete: works && !held && inCompleteness,
        changes: works && !held && (inCompleteness || (s === 'under_review' && step === 'review')),
        approve:
          works &&
          !held &&
          ((s === 'under_review' && step === 'review') ||
            (step === 'second_approval' &&
              role === 'supervisor' &&
              !view.approverIds.includes(user?.id ?? ''))),
        reject: works && !held && (inReview || s === 'inspection'),
        schedule:
          works &&
          !held &&
          ((s === 'under_review' &&
            step === 'review' &&
            !view.inspections.some((i) => i.status === 'scheduled' || i.status === 'passed')) ||
            (s === 'inspection' && step === 'inspection_failed')),
        condition:
          works &&
          ([
            'submitted',
            'awaiting_payment',
            'under_review',
            'inspection',
            'changes_requested',
          ].includes(s ?? '') ||
            step === 'awaiting_conditions'),
        hold:
          works &&
          role === 'supervisor' &&
          !held &&
          (s === 'under_review' ||
            s === 'inspection' ||
            (s === 'changes_requested' && view.clock !== 'not_started') ||
            step === 'awaiting_conditions'),
        release: role === 'supervisor' && works && held,
        revoke: role === 'supervisor' && works && view.permit?.status === 'valid',
        met: staff && !held && !CLOSED.includes(s ?? ''),
      }
    : undefined;
  const anyAction =
    actions &&
    (actions.claim ||
      actions.complete ||
      actions.changes ||
      actions.approve ||
      actions.reject ||
      actions.schedule ||
      actions.condition ||
      actions.hold ||
      actions.release ||
      actions.revoke);
  const assignee = (assigneeId: string | null) =>
    assigneeId === null
      ? t('staff.assignee.none')
      : assigneeId === user?.id
        ? t('staff.assignee.you')
        : t('staff.assignee.other');
  const details = (name: string, summary: string, form: React.ReactNode) => (
    <ActionDetails
      key={`${name}:${sent}`}
      name={name}
      summary={summary}
      open={open}
      setOpen={setOpen}
    >
      {form}
    </ActionDetails>
  );

  return (
    <>
      <ErrorSummary errors={shown} />
      {banner ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="case-banner-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="case-banner-title">
              {t('staff.case.success')}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{t(banner)}</p>
          </div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{view?.title}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      {!view ? <p className="govuk-body">{t('page.loading')}</p> : null}
      {view && held ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">{t('staff.case.warning')}</span>
            {t('staff.case.held', {
              reason: reasonName(t, view.hold?.reasonCode ?? ''),
              since: formatDateTime(new Date(view.hold?.since ?? '')),
            })}
          </strong>
        </div>
      ) : null}
      {view?.hold?.note ? <p className="govuk-inset-text civic-pre">{view.hold.note}</p> : null}
      {view && ctx && actions ? (
        <>
          <dl className="govuk-summary-list">
            <Row label={t('staff.case.status')}>
              <StatusTag status={view.status} /> {stepName(t, view.step)}
            </Row>
            <Row label={t('staff.queue.type')}>
              {t('staff.case.typeVersion', {
                type: typeName(view.permitType),
                version: view.typeVersion,
              })}
            </Row>
            <Row label={t('staff.queue.assignee')}>{assignee(view.assigneeId)}</Row>
            <Row label={t('staff.case.reviewDue')}>
              {view.clock === 'stopped' ? (
                t('staff.case.clockStopped', { days: view.workingDaysLeft ?? 0 })
              ) : (
                <DueTime dueAt={view.reviewDue?.utc ?? null} onHold={held} now={now} />
              )}
            </Row>
            <Row label={t('staff.case.fourEyes')}>
              {view.secondApprovalRequired
                ? t('staff.case.fourEyesYes', { count: view.approverIds.length })
                : t('staff.case.fourEyesNo')}
            </Row>
            <Row label={t('staff.case.channel')}>
              {view.channel === 'assisted' ? t('staff.case.assisted') : t('staff.case.online')}
            </Row>
            {view.permit ? (
              <Row label={t('staff.case.permit')}>
                <Link className="govuk-link" to={`/verify?number=${view.permit.permitNumber}`}>
                  {view.permit.permitNumber}
                </Link>{' '}
                <strong className="govuk-tag govuk-tag--green">
                  {t(`verify.status.${view.permit.status}`)}
                </strong>
              </Row>
            ) : null}
          </dl>

          <h2 className="govuk-heading-m">{t('staff.case.actions')}</h2>
          {!anyAction ? <p className="govuk-body">{t('staff.case.noActions')}</p> : null}
          {actions.claim
            ? details('claim', t('staff.action.claim'), <ClaimForm ctx={ctx} />)
            : null}
          {actions.complete
            ? details(
                'complete',
                t('staff.action.complete'),
                <SimpleDecisionForm
                  ctx={ctx}
                  decision="confirm_complete"
                  button="staff.action.complete"
                  done="staff.done.complete"
                />,
              )
            : null}
          {actions.changes
            ? details('changes', t('staff.action.requestChanges'), <RequestChangesForm ctx={ctx} />)
            : null}
          {actions.schedule
            ? details(
                'schedule',
                t('staff.action.schedule'),
                <ScheduleForm ctx={ctx} inspectors={inspectors} today={todayIn(timeZone)} />,
              )
            : null}
          {actions.approve
            ? details(
                'approve',
                step === 'second_approval'
                  ? t('staff.action.secondApproval')
                  : t('staff.action.approve'),
                <SimpleDecisionForm
                  ctx={ctx}
                  decision="approve"
                  button={
                    step === 'second_approval'
                      ? 'staff.action.secondApproval'
                      : 'staff.action.approve'
                  }
                  done="staff.done.approved"
                />,
              )
            : null}
          {actions.reject
            ? details('reject', t('staff.action.reject'), <RejectForm ctx={ctx} />)
            : null}
          {actions.condition
            ? details('condition', t('staff.action.addCondition'), <AddConditionForm ctx={ctx} />)
            : null}
          {actions.hold ? details('hold', t('staff.action.hold'), <HoldForm ctx={ctx} />) : null}
          {actions.release
            ? details('release', t('staff.action.release'), <ReleaseForm ctx={ctx} />)
            : null}
          {actions.revoke && view.permit
            ? details(
                'revoke',
                t('staff.action.revoke'),
                <RevokeForm ctx={ctx} permitNumber={view.permit.permitNumber} />,
              )
            : null}

          <CaseFile view={view} typeName={typeName} />

          {view.conditions.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{t('staff.case.conditions')}</h2>
              {view.conditions.map((condition, n) => (
                <div className="govuk-summary-card" key={condition.id}>
                  <div className="govuk-summary-card__title-wrapper">
                    <h3 className="govuk-summary-card__title">{reasonName(t, condition.code)}</h3>
                  </div>
                  <div className="govuk-summary-card__content">
                    <p className="govuk-body">{condition.text}</p>
                    <p className="govuk-body">
                      {condition.status === 'met' ? (
                        <strong className="govuk-tag govuk-tag--green">
                          {t('staff.condition.met')}
                        </strong>
                      ) : (
                        <strong className="govuk-tag govuk-tag--orange">
                          {t('staff.condition.unmet')}
                        </strong>
                      )}
                    </p>
                    {condition.status === 'unmet' && actions.met
                      ? details(
                          `met-${n}`,
                          t('staff.action.markMet'),
                          <ConditionMetForm ctx={ctx} conditionId={condition.id} n={n} />,
                        )
                      : null}
                  </div>
                </div>
              ))}
            </>
          ) : null}

          <h2 className="govuk-heading-m">{t('staff.case.messages')}</h2>
          <Thread entries={messages} empty={t('staff.case.noMessages')} />
          {details('message', t('staff.action.sendMessage'), <PostForm ctx={ctx} kind="message" />)}

          <h2 className="govuk-heading-m">{t('staff.case.notes')}</h2>
          <p className="govuk-body-s">{t('staff.case.notesHint')}</p>
          <Thread entries={notes} empty={t('staff.case.noNotes')} />
          {!own
            ? details('note', t('staff.action.addNote'), <PostForm ctx={ctx} kind="note" />)
            : null}
        </>
      ) : null}
    </>
  );
}

/** Messages or notes, oldest first: who (by role), when, what. */
function Thread({ entries, empty }: { entries: (MessageView | ThreadEntryView)[]; empty: string }) {
  const { t, formatDateTime } = useI18n();
  if (entries.length === 0) return <p className="govuk-body">{empty}</p>;
  return (
    <ul className="govuk-list civic-thread">
      {entries.map((entry) => (
        <li key={entry.id} className="civic-thread__entry">
          <p className="govuk-body-s civic-thread__meta">
            {t('staff.thread.meta', {
              who:
                'from' in entry && entry.from === 'applicant'
                  ? t('staff.role.applicant')
                  : t('staff.thread.staff', { role: roleLabel(t, entry.authorRole) }),
              when: formatDateTime(new Date(entry.createdAt)),
            })}
          </p>
          <p className="govuk-body civic-thread__body">{entry.body}</p>
        </li>
      ))}
    </ul>
  );
}

const roleLabel = (t: ReturnType<typeof useI18n>['t'], role: string) =>
  ['clerk', 'supervisor', 'inspector', 'citizen', 'auditor'].includes(role)
    ? t(`staff.role.${role as 'clerk' | 'supervisor' | 'inspector' | 'citizen' | 'auditor'}`)
    : role;
