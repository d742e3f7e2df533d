import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApplicationView, type MessageView, type PaymentView } from '../../api/client';
import { ErrorSummary, type FieldError } from '../ErrorSummary';
import { useI18n } from '../../i18n/i18n';
import { formatMoney, newKey } from './format';
import { downloadFile } from './transfer';

/** Transitions the timeline names (the rest are shown by their code in a sentence). */
const TRANSITIONS = new Set([
  'drafted',
  'submitted',
  'completeness-confirmed',
  'payment-requested',
  'payment-reminded',
  'review-started',
  'assigned',
  'changes-requested',
  'resubmitted',
  'approval-recorded',
  'approved',
  'rejected',
  'withdrawn',
  'lapsed',
  'escalated',
  'deemed-approved',
  'deemed-refused',
  'fee-refunded',
  'inspection-scheduled',
  'inspection-passed',
  'inspection-failed',
  'condition-added',
  'condition-met',
  'held',
  'released',
  'issued',
]);

/** The case's timeline: every transition, oldest first, with a decision's note addressed to the applicant. */
export function Timeline({ application }: { application: ApplicationView }) {
  const { t, formatDateTime } = useI18n();
  return (
    <ol className="govuk-list civic-timeline">
      {application.timeline.map((entry, n) => (
        <li key={`${entry.at}-${n}`} className="civic-timeline__item">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            {TRANSITIONS.has(entry.transition)
              ? t(`applicant.timeline.${entry.transition}` as 'applicant.timeline.submitted')
              : t('applicant.timeline.other', { code: entry.transition })}
          </h3>
          <p className="govuk-body-s govuk-!-margin-bottom-1 civic-secondary">
            <time dateTime={entry.at}>{formatDateTime(new Date(entry.at))}</time>
          </p>
          {entry.note ? (
            <div className="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1">
              {entry.note}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The payments of this case that have a receipt: each receipt as a PDF download. */
export function Receipts({ applicationId }: { applicationId: string }) {
  const { t, language, formatDateTime } = useI18n();
  const [payments, setPayments] = useState<PaymentView[]>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    const load = async () => {
      const found: PaymentView[] = [];
      let cursor: string | undefined;
      // The payer's own payments, newest first; this case's are picked out.
      for (let page = 0; page < 20; page += 1) {
        const { data } = await api.GET('/api/v1/payments', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        });
        if (!data) throw new Error('payments unavailable');
        found.push(
          ...data.items.filter(
            (p) => p.caseRef.context === 'permits' && p.caseRef.id === applicationId,
          ),
        );
        if (!data.nextCursor) break;
        cursor = data.nextCursor;
      }
      if (current) setPayments(found);
    };
    load().catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [applicationId]);

  if (failed) return <p className="govuk-body">{t('error.unavailable')}</p>;
  if (!payments) return <p className="govuk-body">{t('page.loading')}</p>;
  const receipted = payments.filter((p) => p.receiptId);
  if (receipted.length === 0) return <p className="govuk-body">{t('applicant.receipts.none')}</p>;
  return (
    <ul className="govuk-list">
      {receipted.map((p) => (
        <li key={p.id}>
          <button
            type="button"
            className="civic-link-button"
            onClick={() =>
              void downloadFile(
                `/api/v1/receipts/${p.receiptId ?? ''}`,
                'application/pdf',
                `receipt-${p.receiptId ?? ''}.pdf`,
              )
            }
          >
            {t('applicant.receipts.download', {
              amount: formatMoney(p.amount.amountMinor, p.amount.currency, language),
              time: formatDateTime(new Date(p.finishedAt ?? p.createdAt)),
            })}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The conversation with the staff on the case (GET/POST /api/v1/applications/{id}/messages). */
export function Messages({ applicationId }: { applicationId: string }) {
  const { t, formatDateTime } = useI18n();
  const [messages, setMessages] = useState<MessageView[]>();
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());

  useEffect(() => {
    let current = true;
    const load = async () => {
      const all: MessageView[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page += 1) {
        const { data } = await api.GET('/api/v1/applications/{id}/messages', {
          params: {
            path: { id: applicationId },
            query: { limit: 100, ...(cursor ? { cursor } : {}) },
          },
        });
        if (!data) throw new Error('messages unavailable');
        all.push(...data.items);
        if (!data.nextCursor) break;
        cursor = data.nextCursor;
      }
      if (current) setMessages(all);
    };
    load().catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [applicationId]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text)
      return setErrors([{ field: 'message', message: t('applicant.messages.error.empty') }]);
    if (text.length > 5000)
      return setErrors([{ field: 'message', message: t('applicant.messages.error.long') }]);
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/applications/{id}/messages', {
        params: { path: { id: applicationId }, header: { 'Idempotency-Key': key.current } },
        body: { body: text },
      });
      if (!data) return setErrors([{ key: 'error.unavailable' }]);
      key.current = newKey();
      setErrors([]);
      setBody('');
      setMessages((previous) => [...(previous ?? []), data]);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const error = errors.find((e) => e.field === 'message')?.message;
  return (
    <>
      <ErrorSummary errors={errors} />
      {messages === undefined ? null : messages.length === 0 ? (
        <p className="govuk-body">{t('applicant.messages.none')}</p>
      ) : (
        <ul className="govuk-list civic-messages">
          {messages.map((m) => (
            <li key={m.id} className="civic-messages__item">
              <p className="govuk-body-s govuk-!-margin-bottom-1 civic-secondary">
                {t(
                  m.from === 'applicant'
                    ? 'applicant.messages.fromYou'
                    : 'applicant.messages.fromStaff',
                  {
                    time: formatDateTime(new Date(m.createdAt)),
                  },
                )}
              </p>
              <p className="govuk-body civic-pre-wrap">{m.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={(event) => void send(event)}>
        <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="message">
            {t('applicant.messages.label')}
          </label>
          {error ? (
            <p id="message-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
            </p>
          ) : null}
          <textarea
            className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
            id="message"
            name="message"
            rows={4}
            value={body}
            aria-describedby={error ? 'message-error' : undefined}
            onChange={(event) => setBody(event.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
          {t('applicant.messages.send')}
        </button>
      </form>
    </>
  );
}
