import { useCallback, useEffect, useState } from 'react';
import { api, problemCode } from '../../api/client';
import { RoleGate } from '../../components/audit/RoleGate';
import { Row } from '../../components/cashier/fields';
import { shortId, type Adjustment } from '../../components/cashier/money';
import { useMoney } from '../../components/cashier/useMoney';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/**
 * The supervisors' queue of waivers and reductions (GET /api/v1/adjustments?status=proposed):
 * approve, or reject with a code (POST /api/v1/adjustments/{id}/approve | reject). Four eyes: a
 * proposer cannot decide their own (403 POLICY.OWN_PROPOSAL, shown).
 */
export function Component() {
  const { t } = useI18n();
  usePageTitle(t('cashier.adjustments.title'));
  return (
    <RoleGate roles={['supervisor', 'cashier', 'auditor']} title={t('cashier.adjustments.title')}>
      <Adjustments />
    </RoleGate>
  );
}

function Adjustments() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const money = useMoney();
  const [items, setItems] = useState<Adjustment[] | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [decided, setDecided] = useState<string | undefined>();
  const supervisor = session.status === 'signed-in' && session.user.role === 'supervisor';
  usePageTitle(t('cashier.adjustments.title'), errors.length > 0);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/adjustments', {
      params: { query: { status: 'proposed' } },
    });
    if (!data) throw new Error('unavailable');
    setItems(data.items);
  }, []);

  useEffect(() => {
    void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [load]);

  const decide = async (item: Adjustment, approve: boolean) => {
    const key = crypto.randomUUID();
    const { data, error, response } = approve
      ? await api.POST('/api/v1/adjustments/{id}/approve', {
          params: { path: { id: item.id }, header: { 'Idempotency-Key': key } },
        })
      : await api.POST('/api/v1/adjustments/{id}/reject', {
          params: { path: { id: item.id }, header: { 'Idempotency-Key': key } },
          body: { decisionCode: 'not_eligible' },
        });
    if (data) {
      setErrors([]);
      await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
      setDecided(
        t(approve ? 'cashier.adjustments.approved' : 'cashier.adjustments.rejected', {
          id: shortId(item.id),
        }),
      );
      return;
    }
    const code = problemCode(error);
    setErrors([
      {
        message:
          code === 'POLICY.OWN_PROPOSAL'
            ? t('cashier.adjustments.error.own')
            : response.status === 409
              ? t('cashier.adjustments.error.state')
              : response.status === 403
                ? t('cashier.error.forbidden')
                : t('error.unavailable'),
      },
    ]);
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      {decided ? (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="decided-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="decided-title">
              {t('cashier.banner.success')}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{decided}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('cashier.adjustments.title')}</h1>
      {items === undefined && errors.length === 0 ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {items?.length === 0 ? <p className="govuk-body">{t('cashier.adjustments.none')}</p> : null}
      {items?.map((item) => (
        <div className="govuk-summary-card" key={item.id} data-testid="adjustment">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              {t(`cashier.adjust.kind.${item.kind}`)} · {shortId(item.invoiceId)}
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list civic-break">
              <Row label={t('cashier.invoice.amount')}>{money(item.invoiceAmount)}</Row>
              <Row label={t('cashier.adjust.amount')}>{money(item.amount)}</Row>
              <Row label={t('cashier.adjust.reason')}>{item.reasonCode}</Row>
              <Row label={t('cashier.adjust.note')}>{item.note ?? '—'}</Row>
              <Row label={t('cashier.adjustments.proposedAt')}>
                {formatDateTime(new Date(item.proposedAt))}
              </Row>
            </dl>
            {supervisor ? (
              <div className="govuk-button-group">
                <button
                  type="button"
                  className="govuk-button"
                  onClick={() => void decide(item, true)}
                >
                  {t('cashier.adjustments.approve')}
                  <span className="govuk-visually-hidden"> {shortId(item.id)}</span>
                </button>
                <button
                  type="button"
                  className="govuk-button govuk-button--warning"
                  onClick={() => void decide(item, false)}
                >
                  {t('cashier.adjustments.reject')}
                  <span className="govuk-visually-hidden"> {shortId(item.id)}</span>
                </button>
              </div>
            ) : null}
          </div>
        </div>
      ))}
    </>
  );
}
