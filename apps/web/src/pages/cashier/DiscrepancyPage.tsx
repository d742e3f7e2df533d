import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { Row } from '../../components/cashier/fields';
import { shortId, type Discrepancy } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/**
 * One reconciliation discrepancy (GET /api/v1/reconciliation/discrepancies/{id}) and, while it
 * is open, its resolution with a note (POST …/{id}/resolve; the note stays in payments).
 */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.discrepancy.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.discrepancy.title')}>
      <DiscrepancyDetails />
    </RoleGate>
  );
}

function DiscrepancyDetails() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const money = useMoney();
  const { id = '' } = useParams();
  const [item, setItem] = useState<Discrepancy | undefined>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [key] = useState(() => crypto.randomUUID());
  const cashier = session.status === 'signed-in' && session.user.role === 'cashier';
  usePageTitle(t('cashier.discrepancy.title'), errors.length > 0);

  useEffect(() => {
    void api
      .GET('/api/v1/reconciliation/discrepancies/{id}', { params: { path: { id } } })
      .then(({ data }) => (data ? setItem(data) : setErrors([{ key: 'error.unavailable' }])));
  }, [id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (!text || text.length > 1000) {
      setErrors([{ field: 'note', message: t('cashier.discrepancy.error.note') }]);
      return;
    }
    const { data, error, response } = await api.POST(
      '/api/v1/reconciliation/discrepancies/{id}/resolve',
      {
        params: { path: { id }, header: { 'Idempotency-Key': key } },
        body: { note: text },
      },
    );
    if (data) {
      setErrors([]);
      setItem(data);
      return;
    }
    setErrors([
      {
        message:
          problemCode(error) === 'PAYMENTS.DISCREPANCY_RESOLVED' || response.status === 409
            ? t('cashier.discrepancy.error.resolved')
            : response.status === 403
              ? t('cashier.error.forbidden')
              : t('error.unavailable'),
      },
    ]);
  };

  const amount = (minor: number | null) =>
    minor === null || !item ? '—' : money({ amountMinor: minor, currency: item.currency });
  const noteError = errors.find((e) => e.field === 'note')?.message;

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">{t('cashier.discrepancy.title')}</h1>
      {item ? (
        <dl className="govuk-summary-list civic-break" data-testid="discrepancy">
          <Row label={t('cashier.discrepancy.kind')}>
            {t(`cashier.discrepancy.kind.${item.kind}`)}
          </Row>
          <Row label={t('cashier.discrepancy.reference')}>{item.reference}</Row>
          <Row label={t('cashier.discrepancy.expected')}>{amount(item.expectedMinor)}</Row>
          <Row label={t('cashier.discrepancy.reported')}>{amount(item.reportedMinor)}</Row>
          <Row label={t('cashier.discrepancy.found')}>{formatDateTime(new Date(item.foundAt))}</Row>
          <Row label={t('cashier.filter.status')}>
            {t(`cashier.discrepancy.status.${item.status}`)}
          </Row>
          {item.paymentId ? (
            <Row label={t('cashier.payment.id')}>
              <Link className="govuk-link" to={`/cashier/payments/${item.paymentId}`}>
                {shortId(item.paymentId)}
              </Link>
            </Row>
          ) : null}
          {item.note ? <Row label={t('cashier.discrepancy.note')}>{item.note}</Row> : null}
        </dl>
      ) : null}
      {item?.status === 'open' && cashier ? (
        <form noValidate onSubmit={(e) => void submit(e)}>
          <div className={`govuk-form-group${noteError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="note">
              {t('cashier.discrepancy.note')}
            </label>
            <div className="govuk-hint" id="note-hint">
              {t('cashier.discrepancy.noteHint')}
            </div>
            {noteError ? (
              <p id="note-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">{t('error.prefix')}</span> {noteError}
              </p>
            ) : null}
            <textarea
              className={`govuk-textarea${noteError ? ' govuk-textarea--error' : ''}`}
              id="note"
              name="note"
              rows={4}
              aria-describedby={noteError ? 'note-hint note-error' : 'note-hint'}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button">
            {t('cashier.discrepancy.resolveButton')}
          </button>
        </form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/cashier/discrepancies">
          {t('cashier.discrepancies.title')}
        </Link>
      </p>
    </>
  );
}
