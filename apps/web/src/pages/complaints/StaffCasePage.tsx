import {
  cloneElement,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
} from 'react';
import { Link, useParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { CityMap } from '../../components/complaints/CityMap';
import { Radios } from '../../components/complaints/Radios';
import {
  answerInWords,
  ComplaintStatusTag,
  RESOLVED,
  Row,
  serviceName,
  useCityMap,
  useComplaintServices,
  useServiceDefinition,
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
import { useSession } from '../../session/session';

type Case = components['schemas']['ComplaintCaseView'];
type Template = components['schemas']['TemplateView'];
type Priority = Case['priority'];

const WORKING: ComplaintStatus[] = ['investigating', 'action_scheduled', 'in_progress'];
const RESOLVING: ComplaintStatus[] = [
  'fixed',
  'not_responsible',
  'no_further_action',
  'internal_referral',
];
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * A complaint as staff work it (`GET /api/v1/complaints/cases/{id}`): the facts, the reporter's
 * contact and exact point, moderation of the description and photos, duplicate suggestions on
 * the city's map with the same list beside it, a status change with its public update drawn
 * from the response templates, assignment, internal notes and the public updates.
 */
export function Component() {
  const { t, formatDateTime } = useI18n();
  const staff = useComplaintsStaff();
  const { session } = useSession();
  const { id = '' } = useParams();
  const services = useComplaintServices();
  const cityMap = useCityMap();
  const [view, setView] = useState<Case | null | undefined>();
  const definition = useServiceDefinition(view?.serviceCode);
  const now = useNow();
  const relative = useRelativeTime();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const heading = view ? serviceName(services, view.serviceCode) : t('complaints.case.title');
  usePageTitle(heading, errors.length > 0);
  const me = session.status === 'signed-in' ? session.user.id : '';

  const load = useCallback(async () => {
    const { data, response } = await api.GET('/api/v1/complaints/cases/{id}', {
      params: { path: { id } },
    });
    if (data) setView(data);
    else if (response.status === 404 || response.status === 422) setView(null);
    else setErrors([{ key: 'error.unavailable' }]);
  }, [id]);

  useEffect(() => {
    if (!staff) return;
    void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    void api
      .GET('/api/v1/complaints/templates')
      .then(({ data }) => setTemplates(data ?? []))
      .catch(() => setTemplates([]));
  }, [staff, load]);

  /** Runs a staff step; its answer is the case as it now stands. */
  const step = async (
    run: () => Promise<{ data?: Case; error?: unknown; response: Response }>,
    done: string,
  ) => {
    try {
      const { data, error, response } = await run();
      if (data) {
        setView(data);
        setNotice(done);
        setErrors([]);
        window.scrollTo(0, 0);
        return true;
      }
      const code = problemCode(error);
      setErrors([
        {
          message:
            code === 'COMPLAINTS.WORKFLOW_UNAVAILABLE' || response.status === 503
              ? t('complaints.case.error.notReady')
              : code === 'COMPLAINTS.INVALID_TRANSITION' || code === 'COMPLAINTS.DECISION_PENDING'
                ? t('complaints.case.error.transition')
                : t('error.unavailable'),
        },
      ]);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    }
    return false;
  };

  if (staff === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!staff)
    return <NotStaff path={`/staff/complaints/${id}`} title={t('complaints.case.title')} />;
  if (view === null)
    return (
      <>
        <h1 className="govuk-heading-l">{t('complaints.case.notFound')}</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/complaints">
            {t('complaints.case.back')}
          </Link>
        </p>
      </>
    );
  if (!view)
    return (
      <>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{t('complaints.case.title')}</h1>
        <p className="govuk-body">{t('page.loading')}</p>
      </>
    );

  const due = dueOf(view);
  const resolved = RESOLVED.includes(view.externalStatusCode);
  const reporter = [
    [view.reporter.firstName, view.reporter.lastName].filter(Boolean).join(' '),
    view.reporter.email,
    view.reporter.phone,
  ].filter(Boolean);

  return (
    <>
      <ErrorSummary errors={errors} />
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{t('complaints.case.caption')}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds-from-desktop">
          <dl className="govuk-summary-list">
            <Row label={t('complaints.myReports.status')}>
              <ComplaintStatusTag status={view.externalStatusCode} />
              {view.escalated ? (
                <>
                  {' '}
                  <strong className="govuk-tag govuk-tag--red">
                    {t('complaints.queue.escalated')}
                  </strong>
                </>
              ) : null}
            </Row>
            <Row label={t('complaints.queue.due')}>
              {due === null
                ? t('complaints.queue.clockStopped')
                : new Date(due).getTime() < now
                  ? t('complaints.queue.overdue', { when: relative(due, now) })
                  : t('complaints.queue.dueIn', { when: relative(due, now) })}
            </Row>
            <Row label={t('complaints.queue.priority')}>
              {t(`complaints.priority.${view.priority}`)}
            </Row>
            <Row label={t('complaints.case.department')}>{view.departmentCode}</Row>
            <Row label={t('complaints.case.officer')}>
              {view.officerId === null
                ? t('complaints.case.nobody')
                : view.officerId === me
                  ? t('complaints.case.you')
                  : view.officerId}
            </Row>
            <Row label={t('complaints.myReports.reported')}>
              {formatDateTime(new Date(view.requestedDatetime))}
            </Row>
            <Row label={t('complaints.myReports.where')}>
              {view.fullAddress ?? view.address ?? t('complaints.myReports.noAddress')}
              <br />
              <span className="govuk-body-s">
                {t('complaints.case.point', {
                  lat: view.exactLat.toFixed(5),
                  long: view.exactLong.toFixed(5),
                })}
              </span>
            </Row>
            {Object.entries(view.attributes).map(([code, value]) => {
              const { question, answer } = answerInWords(definition, code, value);
              return (
                <Row key={code} label={question}>
                  {answer}
                </Row>
              );
            })}
            <Row label={t('complaints.case.reporter')}>
              {reporter.length > 0 ? reporter.join(' · ') : t('complaints.case.noContact')}
            </Row>
            <Row label={t('complaints.case.channel')}>{view.channel}</Row>
          </dl>
        </div>
      </div>

      <Moderation view={view} onStep={step} />

      <h2 className="govuk-heading-m">{t('complaints.case.duplicates')}</h2>
      {view.duplicateSuggestions.length === 0 ? (
        <p className="govuk-body">{t('complaints.case.noDuplicates')}</p>
      ) : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half-from-desktop">
            {cityMap ? (
              <CityMap
                data={cityMap}
                label={t('complaints.case.duplicatesMap')}
                zoomToMarkers
                describedBy="duplicates-list"
                markers={[
                  {
                    id: view.serviceRequestId,
                    label: '0',
                    lat: view.exactLat,
                    long: view.exactLong,
                  },
                  ...view.duplicateSuggestions.map((s, i) => ({
                    id: s.requestId,
                    label: String(i + 1),
                    lat: s.lat,
                    long: s.long,
                  })),
                ]}
              />
            ) : null}
          </div>
          <div className="govuk-grid-column-one-half-from-desktop">
            <ol className="govuk-list" id="duplicates-list">
              <li>{t('complaints.case.thisReport')}</li>
              {view.duplicateSuggestions.map((s, i) => (
                <li key={s.requestId} className="civic-duplicate">
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    <strong>{t('complaints.case.suggestion', { n: i + 1 })}</strong>{' '}
                    <ComplaintStatusTag status={s.status} />
                  </p>
                  <p className="govuk-body-s">
                    {t('complaints.case.suggestionFacts', {
                      metres: s.distanceMetres,
                      when: formatDateTime(new Date(s.requestedAt)),
                    })}
                  </p>
                  <div className="govuk-button-group">
                    <button
                      type="button"
                      className="govuk-button govuk-button--warning"
                      onClick={() =>
                        void step(
                          () =>
                            api.POST('/api/v1/complaints/cases/{id}/duplicate', {
                              params: { path: { id } },
                              headers: { 'idempotency-key': crypto.randomUUID() },
                              body: { originalId: s.requestId },
                            }),
                          t('complaints.case.done.duplicate'),
                        )
                      }
                    >
                      {t('complaints.case.confirmDuplicate', { n: i + 1 })}
                    </button>
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary"
                      onClick={() =>
                        void step(
                          () =>
                            api.POST('/api/v1/complaints/cases/{id}/duplicate/dismiss', {
                              params: { path: { id } },
                              headers: { 'idempotency-key': crypto.randomUUID() },
                              body: { originalId: s.requestId },
                            }),
                          t('complaints.case.done.dismissed'),
                        )
                      }
                    >
                      {t('complaints.case.dismissDuplicate', { n: i + 1 })}
                    </button>
                  </div>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}

      {!resolved ? (
        <StatusForm view={view} templates={templates} onStep={step} />
      ) : (
        <p className="govuk-body">{t('complaints.case.resolved')}</p>
      )}
      {!resolved ? <AssignForm view={view} me={me} departments={services} onStep={step} /> : null}
      <Notes view={view} onAdded={load} onErrors={setErrors} />

      <h2 className="govuk-heading-m">{t('complaints.myReport.updates')}</h2>
      <ol className="govuk-list civic-timeline">
        {[...view.updates].reverse().map((u) => (
          <li key={u.updateId} className="civic-timeline__item">
            <p className="govuk-body govuk-!-margin-bottom-1">
              <ComplaintStatusTag status={u.externalStatusCode} />{' '}
              <span className="govuk-body-s">{formatDateTime(new Date(u.updatedDatetime))}</span>
            </p>
            <p className="govuk-body">{u.description}</p>
          </li>
        ))}
      </ol>
      <p className="govuk-body">
        <Link className="govuk-link" to="/staff/complaints">
          {t('complaints.case.back')}
        </Link>
      </p>
    </>
  );
}

type Step = (
  run: () => Promise<{ data?: Case; error?: unknown; response: Response }>,
  done: string,
) => Promise<boolean>;

/** Approve or reject the description and photos before the public sees them. */
function Moderation({ view, onStep }: { view: Case; onStep: Step }) {
  const { t } = useI18n();
  const [description, setDescription] = useState('');
  const [media, setMedia] = useState<Record<string, string>>({});
  const pending = view.media.filter((m) => m.moderation === 'pending');
  if (view.descriptionModeration !== 'pending' && pending.length === 0)
    return (
      <>
        <h2 className="govuk-heading-m">{t('complaints.case.description')}</h2>
        <p className="govuk-body">
          {view.submittedDescription ?? t('complaints.case.noDescription')}
        </p>
        {view.media.length > 0 ? (
          <p className="govuk-body">
            {t('complaints.case.photos', { count: view.media.length })}{' '}
            {view.media.map((m) => t(`complaints.case.moderation.${m.moderation}`)).join(', ')}
          </p>
        ) : null}
      </>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onStep(
      () =>
        api.POST('/api/v1/complaints/cases/{id}/moderation', {
          params: { path: { id: view.serviceRequestId } },
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: {
            ...(description ? { description: description as 'approved' | 'rejected' } : {}),
            media: media as Record<string, 'approved' | 'rejected'>,
          },
        }),
      t('complaints.case.done.moderated'),
    );
  };
  const choices = [
    { value: 'approved', label: t('complaints.case.approve') },
    { value: 'rejected', label: t('complaints.case.reject') },
  ];
  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="civic-section">
      <h2 className="govuk-heading-m">{t('complaints.case.moderate')}</h2>
      {view.descriptionModeration === 'pending' ? (
        <>
          <div className="govuk-inset-text">{view.submittedDescription}</div>
          <Radios
            name="moderate-description"
            legend={t('complaints.case.moderateDescription')}
            legendClass="govuk-fieldset__legend--s"
            value={description}
            onChange={setDescription}
            inline
            options={choices}
          />
        </>
      ) : null}
      {pending.map((m, i) => (
        <div key={m.id}>
          <StaffPhoto mediaId={m.id} alt={t('complaints.case.photoAlt', { n: i + 1 })} />
          <Radios
            name={`moderate-photo-${i + 1}`}
            legend={t('complaints.case.moderatePhoto', { n: i + 1 })}
            legendClass="govuk-fieldset__legend--s"
            hint={t('complaints.case.photoHint')}
            value={media[m.id] ?? ''}
            onChange={(value) => setMedia((previous) => ({ ...previous, [m.id]: value }))}
            inline
            options={choices}
          />
        </div>
      ))}
      <button type="submit" className="govuk-button govuk-button--secondary">
        {t('complaints.case.saveModeration')}
      </button>
    </form>
  );
}

/**
 * A photo waiting for moderation (`GET /api/v1/complaints/staff-media/{id}`, staff only): read
 * as bytes with the staff member's token and shown from a `data:` URL, as a plain image (the
 * page's Content-Security-Policy allows nothing else), never from the application's origin.
 */
function StaffPhoto({ mediaId, alt }: { mediaId: string; alt: string }) {
  const [source, setSource] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    void api
      .GET('/api/v1/complaints/staff-media/{mediaId}', {
        params: { path: { mediaId } },
        parseAs: 'blob',
      })
      .then(({ data }) => {
        if (!data || !/^image\/(jpeg|png|webp|gif)$/.test(data.type)) return;
        const reader = new FileReader();
        reader.onload = () => {
          if (current && typeof reader.result === 'string') setSource(reader.result);
        };
        reader.readAsDataURL(data);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [mediaId]);
  return source ? <img className="civic-photo" src={source} alt={alt} /> : null;
}

/** A status change with its public update, the text from a response template or written. */
function StatusForm({
  view,
  templates,
  onStep,
}: {
  view: Case;
  templates: Template[];
  onStep: Step;
}) {
  const { t, language } = useI18n();
  const triage = view.externalStatusCode === 'for_triage';
  const [status, setStatus] = useState<ComplaintStatus | ''>('');
  const [priority, setPriority] = useState<Priority>(view.priority);
  const [template, setTemplate] = useState('');
  const [text, setText] = useState('');
  const [lang, setLang] = useState<string>(language);
  const [missing, setMissing] = useState<string[]>([]);
  const key = useRef(crypto.randomUUID());
  const options = useMemo(
    () => templates.filter((tpl) => tpl.status === status),
    [templates, status],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = [...(status ? [] : ['new-status']), ...(text.trim() ? [] : ['public-text'])];
    setMissing(found);
    if (found.length > 0) return;
    const ok = await onStep(
      () =>
        api.POST('/api/v1/complaints/cases/{id}/status', {
          params: { path: { id: view.serviceRequestId } },
          headers: { 'idempotency-key': key.current },
          body: {
            status: status as ComplaintStatus,
            statusNotes: text.trim(),
            lang,
            ...(triage ? { priority } : {}),
          },
        }),
      t('complaints.case.done.status'),
    );
    if (ok) {
      key.current = crypto.randomUUID();
      setStatus('');
      setTemplate('');
      setText('');
    }
  };

  const statuses = [...WORKING.filter((s) => s !== view.externalStatusCode), ...RESOLVING];
  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="civic-section">
      <h2 className="govuk-heading-m">
        {triage ? t('complaints.case.triage') : t('complaints.case.changeStatus')}
      </h2>
      <Field
        id="new-status"
        label={t('complaints.case.newStatus')}
        error={missing.includes('new-status') ? t('complaints.case.error.status') : undefined}
      >
        <select
          id="new-status"
          name="new-status"
          className="govuk-select"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as ComplaintStatus);
            setTemplate('');
          }}
        >
          <option value="">{t('complaints.case.choose')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`complaints.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      {triage ? (
        <Field id="priority" label={t('complaints.queue.priority')}>
          <select
            id="priority"
            name="priority"
            className="govuk-select"
            value={priority}
            onChange={(event) => setPriority(event.target.value as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`complaints.priority.${p}`)}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field
        id="template"
        label={t('complaints.case.template')}
        hint={t('complaints.case.templateHint')}
      >
        <select
          id="template"
          name="template"
          className="govuk-select"
          value={template}
          disabled={options.length === 0}
          onChange={(event) => {
            const chosen = options.find((o) => `${o.status}:${o.lang}` === event.target.value);
            setTemplate(event.target.value);
            if (chosen) {
              setText(chosen.text);
              setLang(chosen.lang);
            }
          }}
        >
          <option value="">{t('complaints.case.noTemplate')}</option>
          {options.map((o) => (
            <option key={`${o.status}:${o.lang}`} value={`${o.status}:${o.lang}`}>
              {t('complaints.case.templateOption', { lang: o.lang, text: o.text.slice(0, 60) })}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="public-text"
        label={t('complaints.case.publicText')}
        hint={t('complaints.case.publicTextHint')}
        error={missing.includes('public-text') ? t('complaints.case.error.text') : undefined}
      >
        <textarea
          id="public-text"
          name="public-text"
          rows={4}
          maxLength={2000}
          className="govuk-textarea"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      <button type="submit" className="govuk-button">
        {triage ? t('complaints.case.triageButton') : t('complaints.case.statusButton')}
      </button>
    </form>
  );
}

/** Assignment to a department, and to oneself. */
function AssignForm({
  view,
  me,
  departments,
  onStep,
}: {
  view: Case;
  me: string;
  departments: { departmentCode: string }[] | null | undefined;
  onStep: Step;
}) {
  const { t } = useI18n();
  const [department, setDepartment] = useState(view.departmentCode);
  const [toMe, setToMe] = useState(view.officerId === me);
  const codes = [
    ...new Set([view.departmentCode, ...(departments ?? []).map((d) => d.departmentCode)]),
  ].sort();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onStep(
      () =>
        api.POST('/api/v1/complaints/cases/{id}/assign', {
          params: { path: { id: view.serviceRequestId } },
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: { departmentCode: department, ...(toMe ? { officerId: me } : {}) },
        }),
      t('complaints.case.done.assigned'),
    );
  };
  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="civic-section">
      <h2 className="govuk-heading-m">{t('complaints.case.assign')}</h2>
      <Field id="department" label={t('complaints.case.department')}>
        <select
          id="department"
          name="department"
          className="govuk-select"
          value={department}
          onChange={(event) => setDepartment(event.target.value)}
        >
          {codes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </Field>
      <div className="govuk-form-group">
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="assign-me"
              name="assign-me"
              type="checkbox"
              checked={toMe}
              onChange={(event) => setToMe(event.target.checked)}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="assign-me">
              {t('complaints.case.assignMe')}
            </label>
          </div>
        </div>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary">
        {t('complaints.case.assignButton')}
      </button>
    </form>
  );
}

/** Internal notes: never public. */
function Notes({
  view,
  onAdded,
  onErrors,
}: {
  view: Case;
  onAdded: () => Promise<void>;
  onErrors: (errors: FieldError[]) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const [text, setText] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      onErrors([{ field: 'note', message: t('complaints.case.error.note') }]);
      return;
    }
    const { data } = await api.POST('/api/v1/complaints/cases/{id}/notes', {
      params: { path: { id: view.serviceRequestId } },
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: { text: text.trim() },
    });
    if (!data) {
      onErrors([{ key: 'error.unavailable' }]);
      return;
    }
    setText('');
    await onAdded();
  };
  return (
    <div className="civic-section">
      <h2 className="govuk-heading-m">{t('complaints.case.notes')}</h2>
      {view.notes.length === 0 ? (
        <p className="govuk-body">{t('complaints.case.noNotes')}</p>
      ) : null}
      <ul className="govuk-list">
        {view.notes.map((n) => (
          <li key={n.id}>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              {formatDateTime(new Date(n.createdAt))}
            </p>
            <p className="govuk-body">{n.text}</p>
          </li>
        ))}
      </ul>
      <form
        noValidate
        onSubmit={(event) =>
          void submit(event).catch(() => onErrors([{ key: 'error.unavailable' }]))
        }
      >
        <Field id="note" label={t('complaints.case.addNote')} hint={t('complaints.case.noteHint')}>
          <textarea
            id="note"
            name="note"
            rows={3}
            maxLength={4000}
            className="govuk-textarea"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('complaints.case.addNoteButton')}
        </button>
      </form>
    </div>
  );
}

/** A form group: label, hint and error around one control (which names its own id). */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactElement<{ 'aria-describedby'?: string }>;
}) {
  const { t } = useI18n();
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
        </p>
      ) : null}
      {cloneElement(children, {
        'aria-describedby':
          [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
          undefined,
      })}
    </div>
  );
}
