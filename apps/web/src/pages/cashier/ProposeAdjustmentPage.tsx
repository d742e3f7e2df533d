import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { Row, Select } from '../../components/cashier/fields';
import {
  parseAmount,
  shortId,
  type Adjustment,
  type Invoice,
} from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';

export const ADJUSTMENT_REASONS = ['hardship', 'charity', 'fee_error', 'exemption'] as const;

/**
 * A waiver or reduction of an open invoice, proposed by a cashier or supervisor (POST
 * /api/v1/invoices/{id}/adjustments): nothing changes until a supervisor who did not propose
 * it approves (the approvals page).
 */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.adjust.title'));
  return (
    <RoleGate roles={['cashier', 'supervisor']} title={t('cashier.adjust.title')}>
      <Propose />
    </RoleGate>
  );
}

function Propose() {
  const { t } = useI18n();
  const money = useMoney();
  const { id = '' } = useParams();
  const [invoice, setInvoice] = useState<Invoice | undefined>();
  const [kind, setKind] = useState<'waiver' | 'reduction'>('waiver');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [proposed, setProposed] = useState<Adjustment | undefined>();
  const [key] = useState(() => crypto.randomUUID());
  usePageTitle(t('cashier.adjust.title'), errors.length > 0);

  useEffect(() => {
    void api
      .GET('/api/v1/invoices/{id}', { params: { path: { id } } })
      .then(({ data }) => (data ? setInvoice(data) : setErrors([{ key: 'error.unavailable' }])));
  }, [id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!invoice) return;
    const found: FieldError[] = [];
    const minor = kind === 'reduction' ? parseAmount(amount, invoice.amount.currency) : undefined;
    if (kind === 'reduction' && (minor === undefined || minor < 1))
      found.push({ field: 'amount', message: t('cashier.refundForm.error.amountFormat') });
    if (!reason) found.push({ field: 'reason', message: t('cashier.refundForm.error.reason') });
    if (note.length > 500) found.push({ field: 'note', message: t('cashier.adjust.error.note') });
    setErrors(found);
    if (found.length > 0) return;
    const body =
      kind === 'reduction'
        ? { kind, amountMinor: minor as number, reasonCode: reason, ...(note ? { note } : {}) }
        : { kind, reasonCode: reason, ...(note ? { note } : {}) };
    const { data, error, response } = await api.POST('/api/v1/invoices/{id}/adjustments', {
      params: { path: { id }, header: { 'Idempotency-Key': key } },
      body,
    });
    if (data) return setProposed(data);
    const code = problemCode(error);
    setErrors([
      code === 'PAYMENTS.ADJUSTMENT_PENDING'
        ? { message: t('cashier.adjust.error.pending') }
        : code === 'PAYMENTS.ADJUSTMENT_TOO_LARGE'
          ? { field: 'amount', message: t('cashier.adjust.error.tooLarge') }
          : response.status === 403
            ? { message: t('cashier.error.forbidden') }
            : response.status === 422 || response.status === 409
              ? { message: t('cashier.error.invalid') }
              : { key: 'error.unavailable' },
    ]);
  };

  if (proposed)
    return (
      <>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{t('cashier.adjust.proposed')}</h1>
          <div className="govuk-panel__body">{t('cashier.adjust.proposedText')}</div>
        </div>
        <p className="govuk-body">
          <Link className="govuk-link" to="/cashier/invoices">
            {t('cashier.invoices.title')}
          </Link>
        </p>
      </>
    );

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">{t('cashier.adjust.title')}</h1>
      {invoice ? (
        <dl className="govuk-summary-list civic-break">
          <Row label={t('cashier.invoice.id')}>{shortId(invoice.id)}</Row>
          <Row label={t('cashier.invoice.purpose')}>{invoice.purpose}</Row>
          <Row label={t('cashier.invoice.amount')}>{money(invoice.amount)}</Row>
          <Row label={t('cashier.invoice.status')}>
            {t(`cashier.invoice.status.${invoice.status}`)}
          </Row>
        </dl>
      ) : null}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              {t('cashier.adjust.kind')}
            </legend>
            <div className="govuk-radios">
              {(['waiver', 'reduction'] as const).map((k) => (
                <div className="govuk-radios__item" key={k}>
                  <input
                    className="govuk-radios__input"
                    id={`kind-${k}`}
                    name="kind"
                    type="radio"
                    checked={kind === k}
                    onChange={() => setKind(k)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={`kind-${k}`}>
                    {t(`cashier.adjust.kind.${k}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        {kind === 'reduction' ? (
          <TextInput
            id="amount"
            label={t('cashier.adjust.amount')}
            widthClass="govuk-input--width-10"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={errors.find((e) => e.field === 'amount')?.message}
          />
        ) : null}
        <Select
          id="reason"
          label={t('cashier.adjust.reason')}
          value={reason}
          onChange={setReason}
          placeholder={t('cashier.refundForm.reasonChoose')}
          options={ADJUSTMENT_REASONS.map((r) => ({
            value: r,
            label: t(`cashier.adjustReason.${r}`),
          }))}
          error={errors.find((e) => e.field === 'reason')?.message}
        />
        <div
          className={`govuk-form-group${errors.some((e) => e.field === 'note') ? ' govuk-form-group--error' : ''}`}
        >
          <label className="govuk-label" htmlFor="note">
            {t('cashier.adjust.note')}
          </label>
          <div className="govuk-hint" id="note-hint">
            {t('cashier.adjust.noteHint')}
          </div>
          <textarea
            className="govuk-textarea"
            id="note"
            name="note"
            rows={3}
            aria-describedby="note-hint"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button" disabled={!invoice}>
          {t('cashier.adjust.button')}
        </button>
      </form>
    </>
  );
}
