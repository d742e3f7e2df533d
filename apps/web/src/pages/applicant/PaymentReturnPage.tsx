import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type PaymentView } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { formatMoney } from '../../components/applicant/format';
import { SignedInOnly } from '../../components/applicant/SignedInOnly';
import { downloadFile } from '../../components/applicant/transfer';
import { useI18n } from '../../i18n/i18n';

/** How often the page asks for the payment's state while it is not finished. */
const POLL_MS = 1_000;

/**
 * Where the payment provider's hosted page sends the payer back (`PAYMENTS_RETURN_URL`,
 * `/payments/{paymentId}/return`): the payment's state (GET /api/v1/payments/{id}), asked again
 * until it has finished, then its result, the receipt and the way back to the application.
 */
export function Component() {
  return (
    <SignedInOnly>
      <PaymentReturn />
    </SignedInOnly>
  );
}

function PaymentReturn() {
  const { t, language } = useI18n();
  const { paymentId = '' } = useParams();
  const [payment, setPayment] = useState<PaymentView>();
  const [failed, setFailed] = useState(false);
  const finished = payment?.state.finished ?? false;
  const success = finished && payment?.state.status === 'success';
  const heading = !finished
    ? t('applicant.payment.checking')
    : success
      ? t('applicant.payment.success')
      : t('applicant.payment.failed');
  usePageTitle(heading, failed);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { data } = await api.GET('/api/v1/payments/{id}', {
          params: { path: { id: paymentId } },
        });
        if (!current) return;
        if (!data) {
          setFailed(true);
          return;
        }
        setPayment(data);
        // A success also needs its receipt, written with it; asked again until it is there.
        if (!data.state.finished || (data.state.status === 'success' && !data.receiptId))
          timer = setTimeout(() => void poll(), POLL_MS);
      } catch {
        if (current) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [paymentId]);

  const caseLink =
    payment?.caseRef.context === 'permits'
      ? `/applications/${payment.caseRef.id}`
      : '/applications';
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        {success && payment ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">{heading}</h1>
            <div className="govuk-panel__body">
              {t('applicant.payment.amount', {
                amount: formatMoney(payment.amount.amountMinor, payment.amount.currency, language),
              })}
            </div>
          </div>
        ) : (
          <h1 className="govuk-heading-l">{heading}</h1>
        )}
        {!finished && !failed ? (
          <p className="govuk-body" role="status">
            {t('applicant.payment.wait')}
          </p>
        ) : null}
        {finished && !success && payment ? (
          <p className="govuk-body">
            {t(
              payment.state.status === 'cancelled'
                ? 'applicant.payment.cancelledText'
                : 'applicant.payment.failedText',
            )}
          </p>
        ) : null}
        {success && payment?.receiptId ? (
          <p className="govuk-body">
            <button
              type="button"
              className="civic-link-button"
              onClick={() =>
                void downloadFile(
                  `/api/v1/receipts/${payment.receiptId ?? ''}`,
                  'application/pdf',
                  `receipt-${payment.receiptId ?? ''}.pdf`,
                )
              }
            >
              {t('applicant.payment.receipt')}
            </button>
          </p>
        ) : null}
        {finished || failed ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={caseLink}>
              {t(success ? 'applicant.payment.toApplication' : 'applicant.payment.tryAgain')}
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
