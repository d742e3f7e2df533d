import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { Radios } from '../../components/complaints/Radios';
import {
  ComplaintStatusTag,
  RESOLVED,
  Row,
  serviceName,
  useComplaintServices,
} from '../../components/complaints/complaints-data';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

type Report = components['schemas']['OwnComplaintDetail'];

/**
 * One of the citizen's reports (`GET /api/v1/complaints/{id}`): where it stands, its public
 * updates, and — once resolved — the feedback questions (fixed?, satisfaction, would you
 * recommend) and reopening within the window.
 */
export function Component() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { session } = useSession();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const services = useComplaintServices();
  const [report, setReport] = useState<Report | null | undefined>();
  const [notice, setNotice] = useState<string | undefined>(
    params.get('filed') ? t('complaints.report.filed') : undefined,
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  const citizen = session.status === 'signed-in' && session.user.role === 'citizen';
  const heading = report
    ? serviceName(services, report.serviceCode)
    : t('complaints.myReport.title');
  usePageTitle(heading, errors.length > 0);

  const load = useCallback(async () => {
    const { data, response } = await api.GET('/api/v1/complaints/{id}', {
      params: { path: { id } },
    });
    if (data) setReport(data);
    else if (response.status === 404 || response.status === 403 || response.status === 422)
      setReport(null);
    else setErrors([{ key: 'error.unavailable' }]);
  }, [id]);

  useEffect(() => {
    if (citizen) void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [citizen, load]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous')
    return <Navigate to={`/sign-in?next=/complaints/${id}`} replace />;
  if (report === null)
    return (
      <>
        <h1 className="govuk-heading-l">{t('complaints.myReport.notFound')}</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/complaints">
            {t('complaints.myReport.back')}
          </Link>
        </p>
      </>
    );
  if (!report)
    return (
      <>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{t('complaints.myReport.title')}</h1>
        {citizen ? <p className="govuk-body">{t('page.loading')}</p> : null}
      </>
    );

  const resolved = RESOLVED.includes(report.externalStatusCode);
  const reporter = report.relation === 'reporter';
  const canReopen =
    reporter &&
    resolved &&
    report.reopenUntil !== null &&
    new Date(report.reopenUntil).getTime() > Date.now();

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ErrorSummary errors={errors} />
        {notice ? (
          <div
            className="govuk-notification-banner govuk-notification-banner--success"
            role="status"
          >
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{notice}</p>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{t('complaints.myReport.caption')}</span>
        <h1 className="govuk-heading-l">{heading}</h1>
        <dl className="govuk-summary-list">
          <Row label={t('complaints.myReports.status')}>
            <ComplaintStatusTag status={report.externalStatusCode} />
          </Row>
          <Row label={t('complaints.myReport.reference')}>
            <span className="civic-reference">{report.serviceRequestId}</span>
          </Row>
          <Row label={t('complaints.myReports.reported')}>
            {formatDate(report.requestedDatetime)}
          </Row>
          {report.expectedDatetime && !resolved ? (
            <Row label={t('complaints.myReport.expected')}>
              {formatDate(report.expectedDatetime)}
            </Row>
          ) : null}
          <Row label={t('complaints.myReports.where')}>
            {report.address ?? t('complaints.myReports.noAddress')}
          </Row>
          {report.ownDescription ? (
            <Row label={t('complaints.myReport.yourDescription')}>{report.ownDescription}</Row>
          ) : null}
          <Row label={t('complaints.myReport.agency')}>{report.agencyResponsible}</Row>
        </dl>

        <h2 className="govuk-heading-m">{t('complaints.myReport.updates')}</h2>
        {report.updates.length === 0 ? (
          <p className="govuk-body">{t('complaints.myReport.noUpdates')}</p>
        ) : (
          <ol className="govuk-list civic-timeline">
            {[...report.updates].reverse().map((u) => (
              <li key={u.updateId} className="civic-timeline__item">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  <ComplaintStatusTag status={u.externalStatusCode} />{' '}
                  <span className="govuk-body-s">
                    {formatDateTime(new Date(u.updatedDatetime))}
                  </span>
                </p>
                <p className="govuk-body">{u.description}</p>
              </li>
            ))}
          </ol>
        )}

        {reporter && resolved && !report.feedbackGiven ? (
          <Feedback
            id={report.serviceRequestId}
            onDone={async (reopened) => {
              setNotice(
                reopened
                  ? t('complaints.feedback.thanksReopened')
                  : t('complaints.feedback.thanks'),
              );
              setErrors([]);
              await load();
            }}
            onErrors={setErrors}
          />
        ) : null}
        {reporter && resolved && report.feedbackGiven ? (
          <p className="govuk-body">{t('complaints.feedback.given')}</p>
        ) : null}
        {canReopen ? (
          <Reopen
            id={report.serviceRequestId}
            until={formatDate(report.reopenUntil ?? '')}
            onDone={async () => {
              setErrors([]);
              await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
              setNotice(t('complaints.reopen.done'));
            }}
            onErrors={setErrors}
          />
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/complaints">
            {t('complaints.myReport.back')}
          </Link>
        </p>
      </div>
    </div>
  );
}

/** The feedback questions: fixed (required), satisfaction 1–5, recommend 0–10, a comment. */
function Feedback({
  id,
  onDone,
  onErrors,
}: {
  id: string;
  onDone: (reopened: boolean) => Promise<void>;
  onErrors: (errors: FieldError[]) => void;
}) {
  const { t } = useI18n();
  const [fixed, setFixed] = useState('');
  const [rating, setRating] = useState('');
  const [recommend, setRecommend] = useState('');
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!fixed) {
      setMissing(true);
      onErrors([{ field: 'fixed', message: t('complaints.feedback.error.fixed') }]);
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/complaints/{id}/feedback', {
        params: { path: { id } },
        headers: { 'idempotency-key': key.current },
        body: {
          fixed: fixed === 'yes',
          ...(rating ? { rating: Number(rating) } : {}),
          ...(recommend ? { recommendScore: Number(recommend) } : {}),
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      });
      if (data) await onDone(data.reopened);
      else
        onErrors([
          {
            message:
              problemCode(error) === 'COMPLAINTS.FEEDBACK_ALREADY_GIVEN'
                ? t('complaints.feedback.given')
                : t('error.unavailable'),
          },
        ]);
    } catch {
      onErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="civic-section">
      <h2 className="govuk-heading-m">{t('complaints.feedback.title')}</h2>
      <Radios
        name="fixed"
        legend={t('complaints.feedback.fixed')}
        legendClass="govuk-fieldset__legend--s"
        error={missing ? t('complaints.feedback.error.fixed') : undefined}
        value={fixed}
        onChange={setFixed}
        inline
        options={[
          { value: 'yes', label: t('complaints.feedback.yes') },
          { value: 'no', label: t('complaints.feedback.no') },
        ]}
      />
      <Radios
        name="rating"
        legend={t('complaints.feedback.rating')}
        legendClass="govuk-fieldset__legend--s"
        hint={t('complaints.feedback.ratingHint')}
        value={rating}
        onChange={setRating}
        inline
        options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
      />
      <Radios
        name="recommend"
        legend={t('complaints.feedback.recommend')}
        legendClass="govuk-fieldset__legend--s"
        hint={t('complaints.feedback.recommendHint')}
        value={recommend}
        onChange={setRecommend}
        inline
        options={Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }))}
      />
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="comment">
          {t('complaints.feedback.comment')}
        </label>
        <div id="comment-hint" className="govuk-hint">
          {t('complaints.feedback.commentHint')}
        </div>
        <textarea
          id="comment"
          name="comment"
          rows={3}
          maxLength={2000}
          className="govuk-textarea"
          aria-describedby="comment-hint"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      <button type="submit" className="govuk-button" disabled={busy}>
        {t('complaints.feedback.send')}
      </button>
    </form>
  );
}

/** Reopen within the window (`POST /api/v1/complaints/{id}/reopen`). */
function Reopen({
  id,
  until,
  onDone,
  onErrors,
}: {
  id: string;
  until: string;
  onDone: () => Promise<void>;
  onErrors: (errors: FieldError[]) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());
  const reopen = async () => {
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/complaints/{id}/reopen', {
        params: { path: { id } },
        headers: { 'idempotency-key': key.current },
        body: { reasonCode: 'not_fixed' },
      });
      if (data) await onDone();
      else
        onErrors([
          {
            message:
              problemCode(error) === 'COMPLAINTS.REOPEN_WINDOW_PASSED'
                ? t('complaints.reopen.passed')
                : t('error.unavailable'),
          },
        ]);
    } catch {
      onErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="civic-section">
      <h2 className="govuk-heading-m">{t('complaints.reopen.title')}</h2>
      <p className="govuk-body">{t('complaints.reopen.text', { until })}</p>
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        disabled={busy}
        onClick={() => void reopen()}
      >
        {t('complaints.reopen.button')}
      </button>
    </div>
  );
}
