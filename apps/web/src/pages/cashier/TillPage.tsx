import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { Row } from '../../components/cashier/fields';
import { parseAmount, shortId, type TillSession } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/** The float is typed before any session says the currency: the platform's has two decimals. */
const FLOAT_CURRENCY = 'EUR';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cashier's counter: open a till session (POST /api/v1/till-sessions), take an invoice's
 * amount in cash or by card terminal (POST …/{id}/payments), close the till with the cash
 * counted (POST …/{id}/close: the difference from what is expected, over or short). Each
 * command carries its own Idempotency-Key.
 */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.till.title'));
  return (
    <RoleGate roles={['cashier']} title={t('cashier.till.title')}>
      <Till />
    </RoleGate>
  );
}

type Done =
  | { kind: 'opened' }
  | { kind: 'paid'; paymentId: string; amount: string }
  | { kind: 'closed'; session: TillSession };

function Till() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const money = useMoney();
  const [params] = useSearchParams();
  const me = session.status === 'signed-in' ? session.user.id : '';
  const [till, setTill] = useState<TillSession | null | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<Done | undefined>();
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState({
    tillId: 'counter-1',
    float: '',
    invoiceId: params.get('invoice') ?? '',
    method: 'cash',
    counted: '',
  });
  const [keys, setKeys] = useState(() => ({
    open: crypto.randomUUID(),
    pay: crypto.randomUUID(),
    close: crypto.randomUUID(),
  }));
  usePageTitle(t('cashier.till.title'), errors.length > 0);

  const read = useCallback(async () => {
    const { data } = await api.GET('/api/v1/till-sessions', {
      params: { query: { status: 'open' } },
    });
    if (!data) throw new Error('unavailable');
    setTill(data.items.find((s) => s.cashierId === me) ?? null);
  }, [me]);

  useEffect(() => {
    void read().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [read]);

  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const fresh = (which: keyof typeof keys) =>
    setKeys((k) => ({ ...k, [which]: crypto.randomUUID() }));
  const refused = (error: unknown, status: number, field?: string) => {
    const code = problemCode(error);
    const known: Record<string, string> = {
      'PAYMENTS.TILL_ALREADY_OPEN': t('cashier.till.error.alreadyOpen'),
      'PAYMENTS.TILL_SESSION_CLOSED': t('cashier.till.error.closed'),
      'PAYMENTS.INVOICE_NOT_FOUND': t('cashier.till.error.invoiceUnknown'),
      'PAYMENTS.INVOICE_NOT_OPEN': t('cashier.till.error.invoiceNotOpen'),
      'PAYMENTS.PAYMENT_IN_PROGRESS': t('cashier.till.error.inProgress'),
    };
    const message =
      (code && known[code]) ??
      (status === 403
        ? t('cashier.error.forbidden')
        : status === 404
          ? t('cashier.till.error.invoiceUnknown')
          : status === 422
            ? t('cashier.error.invalid')
            : t('error.unavailable'));
    setErrors([{ ...(field ? { field } : {}), message }]);
  };

  const open = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const float = parseAmount(values.float || '0', FLOAT_CURRENCY);
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/i.test(values.tillId.trim()))
      found.push({ field: 'tillId', message: t('cashier.till.error.tillId') });
    if (float === undefined)
      found.push({ field: 'float', message: t('cashier.refundForm.error.amountFormat') });
    setErrors(found);
    if (found.length > 0 || float === undefined) return;
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/till-sessions', {
      params: { header: { 'Idempotency-Key': keys.open } },
      body: { tillId: values.tillId.trim(), openingFloatMinor: float },
    });
    setBusy(false);
    if (!data) return refused(error, response.status, 'tillId');
    fresh('open');
    setDone({ kind: 'opened' });
    setTill(data);
  };

  const pay = async (event: FormEvent) => {
    event.preventDefault();
    if (!till) return;
    if (!UUID.test(values.invoiceId.trim())) {
      setErrors([{ field: 'invoiceId', message: t('cashier.till.error.invoiceId') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/till-sessions/{id}/payments', {
      params: { path: { id: till.id }, header: { 'Idempotency-Key': keys.pay } },
      body: {
        invoiceId: values.invoiceId.trim(),
        method: values.method === 'card-terminal' ? 'card-terminal' : 'cash',
      },
    });
    setBusy(false);
    if (!data) return refused(error, response.status, 'invoiceId');
    fresh('pay');
    setValues((v) => ({ ...v, invoiceId: '' }));
    setDone({ kind: 'paid', paymentId: data.id, amount: money(data.amount) });
    await read();
  };

  const close = async (event: FormEvent) => {
    event.preventDefault();
    if (!till) return;
    const counted = parseAmount(values.counted, till.expected.currency);
    if (!values.counted.trim() || counted === undefined) {
      setErrors([{ field: 'counted', message: t('cashier.till.error.counted') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/till-sessions/{id}/close', {
      params: { path: { id: till.id }, header: { 'Idempotency-Key': keys.close } },
      body: { countedMinor: counted },
    });
    setBusy(false);
    if (!data) return refused(error, response.status, 'counted');
    fresh('close');
    setValues((v) => ({ ...v, counted: '' }));
    setDone({ kind: 'closed', session: data });
    setTill(null);
  };

  const banner = (() => {
    if (!done) return undefined;
    if (done.kind === 'opened') return t('cashier.till.done.opened');
    if (done.kind === 'paid') return t('cashier.till.done.paid', { amount: done.amount });
    const difference = done.session.differenceMinor ?? 0;
    const amount = money({
      amountMinor: Math.abs(difference),
      currency: done.session.expected.currency,
    });
    return difference === 0
      ? t('cashier.till.done.closedExact')
      : t(difference > 0 ? 'cashier.till.done.closedOver' : 'cashier.till.done.closedShort', {
          amount,
        });
  })();

  return (
    <>
      <ErrorSummary errors={errors} />
      {banner ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="till-done-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="till-done-title">
              {t('cashier.banner.success')}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading" data-testid="till-done">
              {banner}
            </p>
            {done?.kind === 'paid' ? (
              <p className="govuk-body">
                <Link
                  className="govuk-notification-banner__link"
                  to={`/cashier/payments/${done.paymentId}`}
                >
                  {t('cashier.till.done.paymentLink', { id: shortId(done.paymentId) })}
                </Link>
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('cashier.till.title')}</h1>
      {till === undefined && errors.length === 0 ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {done?.kind === 'closed' ? <TillSummary session={done.session} /> : null}
      {till === null ? (
        <form noValidate onSubmit={(e) => void open(e)}>
          <h2 className="govuk-heading-m">{t('cashier.till.openHeading')}</h2>
          <TextInput
            id="tillId"
            label={t('cashier.till.tillId')}
            hint={t('cashier.till.tillIdHint')}
            widthClass="govuk-input--width-10"
            autoComplete="off"
            value={values.tillId}
            onChange={(e) => set('tillId')(e.target.value)}
            error={errors.find((e) => e.field === 'tillId')?.message}
          />
          <TextInput
            id="float"
            label={t('cashier.till.float')}
            hint={t('cashier.till.floatHint')}
            widthClass="govuk-input--width-10"
            inputMode="decimal"
            autoComplete="off"
            value={values.float}
            onChange={(e) => set('float')(e.target.value)}
            error={errors.find((e) => e.field === 'float')?.message}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('cashier.till.open')}
          </button>
        </form>
      ) : null}
      {till ? (
        <>
          <p className="govuk-body">
            {t('cashier.till.openSince', {
              till: till.tillId,
              time: formatDateTime(new Date(till.openedAt)),
            })}
          </p>
          <TillSummary session={till} />
          <form noValidate onSubmit={(e) => void pay(e)} className="govuk-!-margin-bottom-8">
            <h2 className="govuk-heading-m">{t('cashier.till.payHeading')}</h2>
            <TextInput
              id="invoiceId"
              label={t('cashier.till.invoiceId')}
              hint={t('cashier.till.invoiceIdHint')}
              widthClass="govuk-!-width-full"
              autoComplete="off"
              spellCheck={false}
              value={values.invoiceId}
              onChange={(e) => set('invoiceId')(e.target.value)}
              error={errors.find((e) => e.field === 'invoiceId')?.message}
            />
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                  {t('cashier.till.method')}
                </legend>
                <div className="govuk-radios govuk-radios--small">
                  {(['cash', 'card-terminal'] as const).map((method) => (
                    <div className="govuk-radios__item" key={method}>
                      <input
                        className="govuk-radios__input"
                        id={`method-${method}`}
                        name="method"
                        type="radio"
                        value={method}
                        checked={values.method === method}
                        onChange={() => set('method')(method)}
                      />
                      <label
                        className="govuk-label govuk-radios__label"
                        htmlFor={`method-${method}`}
                      >
                        {t(`cashier.till.method.${method}`)}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button type="submit" className="govuk-button" disabled={busy}>
              {t('cashier.till.pay')}
            </button>
          </form>
          <form noValidate onSubmit={(e) => void close(e)}>
            <h2 className="govuk-heading-m">{t('cashier.till.closeHeading')}</h2>
            <TextInput
              id="counted"
              label={t('cashier.till.counted')}
              hint={t('cashier.till.countedHint', { amount: money(till.expected) })}
              widthClass="govuk-input--width-10"
              inputMode="decimal"
              autoComplete="off"
              value={values.counted}
              onChange={(e) => set('counted')(e.target.value)}
              error={errors.find((e) => e.field === 'counted')?.message}
            />
            <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>
              {t('cashier.till.close')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}

function TillSummary({ session }: { session: TillSession }) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <dl className="govuk-summary-list" data-testid="till-summary">
      <Row label={t('cashier.till.tillId')}>{session.tillId}</Row>
      <Row label={t('cashier.till.float')}>{money(session.openingFloat)}</Row>
      <Row label={t('cashier.till.cashIn')}>{money(session.cashIn)}</Row>
      <Row label={t('cashier.till.cashOut')}>{money(session.cashOut)}</Row>
      <Row label={t('cashier.till.card')}>{money(session.cardTerminal)}</Row>
      <Row label={t('cashier.till.expected')}>{money(session.expected)}</Row>
      {session.counted ? (
        <Row label={t('cashier.till.countedSummary')}>{money(session.counted)}</Row>
      ) : null}
      <Row label={t('cashier.till.payments')}>
        {t('cashier.till.paymentsValue', {
          payments: session.paymentCount,
          payouts: session.payoutCount,
        })}
      </Row>
    </dl>
  );
}
