import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  api,
  problemCode,
  type ApplicationView,
  type PermitTypeDefinition,
} from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { StatusTag } from '../../components/StatusTag';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { Messages, Receipts, Timeline } from '../../components/applicant/CaseParts';
import { formatMoney, newKey } from '../../components/applicant/format';
import {
  detailQuestions,
  LONG_FORM,
  quantityQuestions,
} from '../../components/applicant/form-schema';
import { isMarkedAnswered, WITHDRAWABLE } from '../../components/applicant/sections';
import { NotYours, SignedInOnly, SummaryRow } from '../../components/applicant/SignedInOnly';
import { downloadFile } from '../../components/applicant/transfer';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';
import { withReturn } from './navigation';

/**
 * An application's status page (`/applications/:id`): where it stands, what is expected of the
 * applicant next (continue the draft, pay the fee, answer the change requests item by item and
 * resubmit), the review's due date, the timeline, documents, receipts and the certificate, the
 * messages with the staff, and the way to withdraw.
 */
export function Component() {
  return (
    <SignedInOnly>
      <Status />
    </SignedInOnly>
  );
}

function Status() {
  const { t, language, formatDate, formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const typeName = usePermitTypeName();
  const { application, definition, failed, notFound, reload } = useApplication(id);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const payKey = useRef(newKey());
  const resubmitKey = useRef(newKey());
  const heading = application?.title ?? t('applicant.status.title');
  usePageTitle(heading, errors.length > 0 || failed);

  if (notFound) return <NotYours t={t} />;
  if (!application || !definition)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{heading}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );

  const pay = async () => {
    if (!application.invoiceId) return;
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/invoices/{id}/payments', {
        params: {
          path: { id: application.invoiceId },
          header: { 'Idempotency-Key': payKey.current },
        },
      });
      if (data?.nextUrl) {
        window.location.assign(data.nextUrl);
        return;
      }
      payKey.current = newKey();
      setErrors([
        {
          message:
            problemCode(error) === 'PAYMENTS.PAYMENT_IN_PROGRESS'
              ? t('applicant.pay.error.inProgress')
              : t('applicant.pay.error.failed'),
        },
      ]);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const resubmit = async () => {
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/applications/{id}/resubmit', {
        params: { path: { id }, header: { 'Idempotency-Key': resubmitKey.current } },
      });
      if (!data) {
        resubmitKey.current = newKey();
        setErrors([
          {
            message:
              problemCode(error) === 'PERMITS.CASE_NOT_STARTED'
                ? t('applicant.changes.error.notReady')
                : t('error.unavailable'),
          },
        ]);
        return;
      }
      setErrors([]);
      await reload();
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const certificate = async () => {
    if (!application.permit) return;
    const number = application.permit.permitNumber;
    const ok = await downloadFile(
      `/api/v1/permits/${encodeURIComponent(number)}/certificate`,
      'application/pdf',
      `${number}.pdf`,
    );
    if (!ok) setErrors([{ key: 'error.unavailable' }]);
  };

  const fee = application.fee;
  const banner = params.get('submitted')
    ? 'submitted'
    : params.get('withdrawn')
      ? 'withdrawn'
      : undefined;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {banner === 'submitted' && application.caseNumber ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">{t('applicant.status.submittedTitle')}</h2>
            <div className="govuk-panel__body">
              {t('applicant.status.caseNumberIs')}
              <br />
              <strong>{application.caseNumber}</strong>
            </div>
          </div>
        ) : null}
        {banner === 'withdrawn' ? (
          <div
            className="govuk-notification-banner govuk-notification-banner--success"
            role="status"
          >
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{t('applicant.withdraw.done')}</p>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{typeName(application.permitType)}</span>
        <h1 className="govuk-heading-l">{application.title}</h1>

        <dl className="govuk-summary-list">
          <SummaryRow label={t('applications.caseNumber')}>
            {application.caseNumber ?? t('applications.draft')}
          </SummaryRow>
          <SummaryRow label={t('applications.status')}>
            <StatusTag status={application.status} />
          </SummaryRow>
          <SummaryRow label={t('applications.submitted')}>
            {application.submittedAt
              ? formatDate(application.submittedAt)
              : t('applications.notYet')}
          </SummaryRow>
          {/* The review's due time while its clock runs (not once decided, nor while stopped). */}
          {application.reviewDue && application.clock === 'running' ? (
            <SummaryRow label={t('applications.reviewDue')}>
              {t('applicant.status.dueAt', {
                time: formatDateTime(new Date(application.reviewDue.utc)),
                zone: application.reviewDue.timeZone,
              })}
            </SummaryRow>
          ) : null}
          {fee ? (
            <SummaryRow label={t('applicant.status.fee')}>
              {formatMoney(fee.amountMinor, fee.currency, language)}
            </SummaryRow>
          ) : null}
          {application.permit ? (
            <SummaryRow label={t('applicant.status.permitNumber')}>
              {application.permit.permitNumber}
            </SummaryRow>
          ) : null}
        </dl>

        <h2 className="govuk-heading-m">{t('applicant.next.title')}</h2>
        <NextStep
          application={application}
          definition={definition}
          busy={busy}
          onPay={() => void pay()}
          onResubmit={() => void resubmit()}
          onCertificate={() => void certificate()}
        />

        <h2 className="govuk-heading-m">{t('applicant.timeline.title')}</h2>
        <Timeline application={application} />

        {application.documents.some((d) => d.latest) ? (
          <>
            <h2 className="govuk-heading-m">{t('applicant.task.documents')}</h2>
            <ul className="govuk-list">
              {application.documents.flatMap((d) =>
                d.latest
                  ? [
                      <li key={d.kind}>
                        <button
                          type="button"
                          className="civic-link-button"
                          onClick={() =>
                            d.latest &&
                            void downloadFile(
                              `/api/v1/applications/${id}/documents/${d.latest.id}`,
                              d.latest.contentType,
                              d.latest.fileName,
                            )
                          }
                        >
                          {d.latest.fileName}
                        </button>
                      </li>,
                    ]
                  : [],
              )}
            </ul>
          </>
        ) : null}

        {application.status !== 'draft' ? (
          <>
            <h2 className="govuk-heading-m">{t('applicant.receipts.title')}</h2>
            <Receipts applicationId={id} />
            <h2 className="govuk-heading-m">{t('applicant.messages.title')}</h2>
            <Messages applicationId={id} />
          </>
        ) : null}

        {WITHDRAWABLE.includes(application.status) ? (
          <p className="govuk-body govuk-!-margin-top-6">
            <Link className="govuk-link" to={`/applications/${id}/withdraw`}>
              {t('applicant.withdraw.link')}
            </Link>
          </p>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/applications">
            {t('applicant.status.allApplications')}
          </Link>
        </p>
      </div>
    </div>
  );
}

interface NextProps {
  application: ApplicationView;
  definition: PermitTypeDefinition;
  busy: boolean;
  onPay: () => void;
  onResubmit: () => void;
  onCertificate: () => void;
}

/** What is expected of the applicant now, by the application's status and step. */
function NextStep({ application, definition, busy, onPay, onResubmit, onCertificate }: NextProps) {
  const { t, language, formatDate } = useI18n();
  const id = application.id;
  switch (application.status) {
    case 'draft':
      return (
        <>
          <p className="govuk-body">{t('applicant.next.draft')}</p>
          <Link className="govuk-button" to={`/applications/${id}/task-list`} draggable={false}>
            {t('applicant.next.continue')}
          </Link>
        </>
      );
    case 'submitted':
      return <p className="govuk-body">{t('applicant.next.submitted')}</p>;
    case 'awaiting_payment':
      return application.fee && application.invoiceId ? (
        <>
          <p className="govuk-body">{t('applicant.next.pay')}</p>
          <button type="button" className="govuk-button" disabled={busy} onClick={onPay}>
            {t('applicant.pay.button', {
              amount: formatMoney(application.fee.amountMinor, application.fee.currency, language),
            })}
          </button>
        </>
      ) : (
        <p className="govuk-body">{t('applicant.next.payWait')}</p>
      );
    case 'changes_requested':
      return (
        <ChangeRequests
          application={application}
          definition={definition}
          busy={busy}
          onResubmit={onResubmit}
        />
      );
    case 'under_review':
      return (
        <p className="govuk-body">
          {application.reviewDueAt
            ? t('applicant.next.reviewDue', { date: formatDate(application.reviewDueAt) })
            : t('applicant.next.review')}
        </p>
      );
    case 'inspection': {
      const next = application.inspections.find((i) => i.status === 'scheduled');
      return (
        <p className="govuk-body">
          {next
            ? t('applicant.next.inspection', { date: formatDate(next.scheduledFor) })
            : t('applicant.next.review')}
        </p>
      );
    }
    case 'approved':
      return <p className="govuk-body">{t('applicant.next.approved')}</p>;
    case 'issued':
      return (
        <>
          <p className="govuk-body">
            {application.permit
              ? t('applicant.next.issued', {
                  number: application.permit.permitNumber,
                  date: formatDate(application.permit.validUntil),
                })
              : t('applicant.next.approved')}
          </p>
          {application.permit ? (
            <button type="button" className="govuk-button" onClick={onCertificate}>
              {t('applicant.next.certificate')}
            </button>
          ) : null}
        </>
      );
    case 'rejected':
      return <p className="govuk-body">{t('applicant.next.rejected')}</p>;
    case 'withdrawn':
      return <p className="govuk-body">{t('applicant.next.withdrawn')}</p>;
    case 'lapsed':
      return <p className="govuk-body">{t('applicant.next.lapsed')}</p>;
  }
}

/**
 * The change requests, item by item (GOV.UK task list): each open item (`document:<kind>`,
 * `field:<name>`, `quantity:<code>`) links to its page and shows whether it was answered; the
 * clerk's note above; then the resubmission.
 */
function ChangeRequests({
  application,
  definition,
  busy,
  onResubmit,
}: Omit<NextProps, 'onPay' | 'onCertificate'>) {
  const { t, language } = useI18n();
  const id = application.id;
  const here = `/applications/${id}`;
  const details = detailQuestions(definition.formSchema);
  const quantities = quantityQuestions(definition, language);
  const note = [...application.timeline]
    .reverse()
    .find((e) => e.transition === 'changes-requested')?.note;
  const items = application.revisionItems
    .filter((item) => item.status === 'open')
    .map((item) => {
      const [what, name = ''] = item.key.split(/:(.*)/s);
      if (what === 'document') {
        const kind = definition.documentKinds.find((k) => k.kind === name);
        const latest = application.documents.find((d) => d.kind === name)?.latest;
        return {
          key: item.key,
          name: t('applicant.changes.document', {
            name: kind?.names?.[language] ?? kind?.names?.en ?? name,
          }),
          to: withReturn(`/applications/${id}/documents`, here),
          done:
            (latest !== null && latest !== undefined && latest.uploadedAt > item.requestedAt) ||
            isMarkedAnswered(id, item.key),
        };
      }
      if (what === 'quantity') {
        const q = quantities.find((x) => x.name === name);
        return {
          key: item.key,
          name: t('applicant.changes.field', { name: q?.label ?? name }),
          to: withReturn(`/applications/${id}/quantities`, here),
          done: isMarkedAnswered(id, item.key),
        };
      }
      const index = details.findIndex((x) => x.name === name);
      const q = details[index];
      const page = details.length > LONG_FORM ? Math.max(index, 0) : 0;
      return {
        key: item.key,
        name: t('applicant.changes.field', { name: q?.label ?? name }),
        to: withReturn(`/applications/${id}/details/${page}`, here),
        done: isMarkedAnswered(id, item.key),
      };
    });
  return (
    <>
      <p className="govuk-body">{t('applicant.next.changes')}</p>
      {note ? <div className="govuk-inset-text">{note}</div> : null}
      <ul className="govuk-task-list">
        {items.map((item, n) => (
          <li key={item.key} className="govuk-task-list__item govuk-task-list__item--with-link">
            <div className="govuk-task-list__name-and-hint">
              <Link
                className="govuk-link govuk-task-list__link"
                to={item.to}
                aria-describedby={`change-${n}-status`}
              >
                {item.name}
              </Link>
            </div>
            <div className="govuk-task-list__status" id={`change-${n}-status`}>
              {item.done ? (
                t('applicant.changes.done')
              ) : (
                <strong className="govuk-tag govuk-tag--blue">{t('applicant.changes.todo')}</strong>
              )}
            </div>
          </li>
        ))}
      </ul>
      <button type="button" className="govuk-button" disabled={busy} onClick={onResubmit}>
        {t('applicant.changes.resubmit')}
      </button>
    </>
  );
}
