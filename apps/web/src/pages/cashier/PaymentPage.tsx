import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import {
  parseAmount,
  shortId,
  type Payment,
  type TillSession,
} from '../../components/cashier/money';
import { Row, Select } from '../../components/cashier/fields';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/** Why a refund is made, as the codes the API takes (never free text). */
export const REFUND_REASONS = [
  'overpayment',
  'duplicate_payment',
  'service_not_provided',
  'application_withdrawn',
  'fee_error',
] as const;
const COUNTER_METHODS = ['cash', 'card-terminal'];

/**
 * A payment for a cashier (GET /api/v1/payments/{id}) and its refund form (POST
 * /api/v1/payments/{id}/refunds): the amount, the reason, what the page read as still refundable
 * (412 when the payment changed meanwhile: shown, and the payment read again), one
 * Idempotency-Key per refund the cashier means, so a repeated click refunds once. A counter
 * payment is paid out of the cashier's open till.
 */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.payment.title'));
  return (
    <RoleGate roles={['cashier', 'auditor']} title={t('cashier.payment.title')}>
      <PaymentDetails />
    </RoleGate>
  );
}

function PaymentDetails() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const money = useMoney();
  const { id = '' } = useParams();
  const [payment, setPayment] = useState<Payment | undefined>();
  const [till, setTill] = useState<TillSession | null | undefined>();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | undefined>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const me = session.status === 'signed-in' ? session.user : undefined;
  const heading = t('cashier.payment.heading', { id: shortId(id) });
  usePageTitle(heading, errors.length > 0);

  const read = useCallback(async () => {
    const { data } = await api.GET('/api/v1/payments/{id}', { params: { path: { id } } });
    if (!data) throw new Error('unavailable');
    setPayment(data);
    return data;
  }, [id]);

  useEffect(() => {
    void read().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [read]);

  const counter = payment ? COUNTER_METHODS.includes(payment.provider) : false;
  useEffect(() => {
    if (!counter || !me || me.role !== 'cashier') return;
    void api
      .GET('/api/v1/till-sessions', { params: { query: { status: 'open' } } })
      .then(({ data }) => setTill(data?.items.find((s) => s.cashierId === me.id) ?? null));
  }, [counter, me?.id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!payment) return;
    const found: FieldError[] = [];
    const minor = parseAmount(amount, payment.amount.currency);
    if (!amount.trim())
      found.push({ field: 'amount', message: t('cashier.refundForm.error.amountMissing') });
    else if (minor === undefined || minor < 1)
      found.push({ field: 'amount', message: t('cashier.refundForm.error.amountFormat') });
    if (!reason) found.push({ field: 'reason', message: t('cashier.refundForm.error.reason') });
    setErrors(found);
    if (found.length > 0 || minor === undefined) return;
    setBusy(true);
    setDone(undefined);
    try {
      const { data, error, response } = await api.POST('/api/v1/payments/{id}/refunds', {
        params: { path: { id }, header: { 'Idempotency-Key': key } },
        body: {
          amount: minor,
          reasonCode: reason,
          refundAmountAvailable: payment.refundSummary.amountAvailable,
          ...(counter && till ? { tillSessionId: till.id } : {}),
        },
      });
      if (data) {
        setKey(crypto.randomUUID());
        setAmount('');
        // The refund is made whether or not the page manages to read the payment again.
        await read().catch(() => setErrors([{ key: 'error.unavailable' }]));
        setDone(
          t(`cashier.refundForm.done.${data.status}`, {
            amount: money(data.amount),
          }),
        );
        return;
      }
      const code = problemCode(error);
      if (response.status === 412) {
        const now = await read();
        setErrors([
          {
            field: 'amount',
            message: t('cashier.refundForm.error.mismatch', {
              amount: money({
                amountMinor: now.refundSummary.amountAvailable,
                currency: now.amount.currency,
              }),
            }),
          },
        ]);
        setKey(crypto.randomUUID());
      } else if (code === 'PAYMENTS.REFUND_EXCEEDS_AVAILABLE')
        setErrors([{ field: 'amount', message: t('cashier.refundForm.error.exceeds') }]);
      else if (code === 'PAYMENTS.TILL_CASH_INSUFFICIENT')
        setErrors([{ field: 'amount', message: t('cashier.refundForm.error.tillCash') }]);
      else if (code === 'PAYMENTS.REFUND_NEEDS_TILL_SESSION')
        setErrors([{ message: t('cashier.refundForm.error.needsTill') }]);
      else if (code === 'PAYMENTS.REFUND_NOT_AVAILABLE')
        setErrors([{ message: t('cashier.refundForm.error.notAvailable') }]);
      else if (response.status === 403) setErrors([{ message: t('cashier.error.forbidden') }]);
      else setErrors([{ key: 'error.unavailable' }]);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  if (!payment)
    return (
      <>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{heading}</h1>
        {errors.length === 0 ? <p className="govuk-body">{t('page.loading')}</p> : null}
      </>
    );

  const available = {
    amountMinor: payment.refundSummary.amountAvailable,
    currency: payment.amount.currency,
  };
  const canRefund =
    me?.role === 'cashier' &&
    payment.state.status === 'success' &&
    payment.refundSummary.amountAvailable > 0 &&
    (!counter || till !== undefined);

  return (
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="refund-done-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="refund-done-title">
              {t('cashier.banner.success')}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading" data-testid="refund-done">
              {done}
            </p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{heading}</h1>
      <dl className="govuk-summary-list civic-break" data-testid="payment-summary">
        <Row label={t('cashier.payment.amount')}>{money(payment.amount)}</Row>
        <Row label={t('cashier.payment.status')}>
          {t(`cashier.payment.status.${payment.state.status}`)}
        </Row>
        <Row label={t('cashier.payment.method')}>{payment.provider}</Row>
        <Row label={t('cashier.payment.case')}>
          {`${payment.caseRef.context}/${payment.caseRef.id}`}
        </Row>
        <Row label={t('cashier.payment.created')}>
          {formatDateTime(new Date(payment.createdAt))}
        </Row>
        <Row label={t('cashier.payment.refundable')}>{money(available)}</Row>
        <Row label={t('cashier.payment.refunding')}>
          {money({
            amountMinor: payment.refundSummary.amountSubmitted,
            currency: available.currency,
          })}
        </Row>
      </dl>
      <h2 className="govuk-heading-m">{t('cashier.refundForm.heading')}</h2>
      {counter && me?.role === 'cashier' && till === null ? (
        <p className="govuk-body">
          {t('cashier.refundForm.openTill')}{' '}
          <Link className="govuk-link" to="/cashier/till">
            {t('cashier.till.title')}
          </Link>
        </p>
      ) : null}
      {!canRefund ? (
        <p className="govuk-body">{t('cashier.refundForm.notRefundable')}</p>
      ) : (
        <form noValidate onSubmit={(e) => void submit(e)}>
          {counter && till ? (
            <p className="govuk-body">{t('cashier.refundForm.fromTill', { till: till.tillId })}</p>
          ) : null}
          <TextInput
            id="amount"
            label={t('cashier.refundForm.amount')}
            hint={t('cashier.refundForm.amountHint', { amount: money(available) })}
            widthClass="govuk-input--width-10"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={errors.find((e) => e.field === 'amount')?.message}
          />
          <Select
            id="reason"
            label={t('cashier.refundForm.reason')}
            value={reason}
            onChange={setReason}
            error={errors.find((e) => e.field === 'reason')?.message}
            options={REFUND_REASONS.map((r) => ({ value: r, label: t(`cashier.reason.${r}`) }))}
            placeholder={t('cashier.refundForm.reasonChoose')}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('cashier.refundForm.button')}
          </button>
        </form>
      )}
    </>
  );
}
