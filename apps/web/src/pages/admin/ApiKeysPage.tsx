import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { BackToAdmin, NotAdmin, problemErrors, useAdmin } from '../../components/admin/admin';
import { useI18n } from '../../i18n/i18n';

type ApiKey = components['schemas']['ApiKeyDto'];
type Issued = components['schemas']['IssuedApiKeyDto'];

/**
 * Open311 API keys (`/api/v1/open311/api-keys`): the keys issued and revoked, issuing one for a
 * client app (the key is shown this once: only its hash is kept) and revoking one.
 */
export function Component() {
  const { t, formatDateTime } = useI18n();
  const admin = useAdmin();
  const [keys, setKeys] = useState<ApiKey[] | undefined>();
  const [clientName, setClientName] = useState('');
  const [issued, setIssued] = useState<Issued | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle(t('admin.keys.title'), errors.length > 0);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/open311/api-keys');
    if (data) setKeys(data);
    else setErrors([{ key: 'error.unavailable' }]);
  }, []);

  useEffect(() => {
    if (admin) void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [admin, load]);

  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin/api-keys" title={t('admin.keys.title')} />;

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    if (!clientName.trim()) {
      setErrors([{ field: 'client-name', message: t('admin.keys.error.name') }]);
      return;
    }
    const { data, error } = await api.POST('/api/v1/open311/api-keys', {
      body: { clientName: clientName.trim() },
    });
    if (!data) {
      setErrors(problemErrors(error, t, (f) => (f === 'clientName' ? 'client-name' : undefined)));
      return;
    }
    setErrors([]);
    setIssued(data);
    setClientName('');
    await load();
  };

  const revoke = async (key: ApiKey) => {
    setIssued(undefined);
    const { data, error } = await api.POST('/api/v1/open311/api-keys/{id}/revoke', {
      params: { path: { id: key.id } },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    if (!data) {
      setErrors(problemErrors(error, t));
      return;
    }
    setErrors([]);
    await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    setNotice(t('admin.keys.revoked', { name: key.clientName, prefix: key.keyPrefix }));
  };

  return (
    <>
      <BackToAdmin />
      <ErrorSummary errors={errors} />
      {issued ? (
        <div className="govuk-panel govuk-panel--confirmation civic-panel" role="status">
          <h2 className="govuk-panel__title">
            {t('admin.keys.issued', { name: issued.clientName })}
          </h2>
          <div className="govuk-panel__body">
            <p className="govuk-body civic-panel__text">{t('admin.keys.onlyOnce')}</p>
            <code className="civic-secret" data-testid="issued-key">
              {issued.apiKey}
            </code>
          </div>
        </div>
      ) : null}
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('admin.keys.title')}</h1>
      <p className="govuk-body">{t('admin.keys.lead')}</p>
      <form noValidate onSubmit={(event) => void issue(event)} className="civic-section">
        <h2 className="govuk-heading-m">{t('admin.keys.issue')}</h2>
        <TextInput
          id="client-name"
          label={t('admin.keys.clientName')}
          hint={t('admin.keys.clientNameHint')}
          value={clientName}
          onChange={(event) => setClientName(event.target.value)}
          error={errors.find((e) => e.field === 'client-name')?.message}
        />
        <button type="submit" className="govuk-button">
          {t('admin.keys.issueButton')}
        </button>
      </form>
      <h2 className="govuk-heading-m">{t('admin.keys.list')}</h2>
      {keys === undefined ? <p className="govuk-body">{t('page.loading')}</p> : null}
      {keys?.length === 0 ? <p className="govuk-body">{t('admin.keys.none')}</p> : null}
      <ul className="govuk-list">
        {keys?.map((key) => (
          <li key={key.id} className="civic-section" data-key={key.keyPrefix}>
            <h3 className="govuk-heading-s">{key.clientName}</h3>
            <dl className="govuk-summary-list govuk-summary-list--no-border">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('admin.keys.prefix')}</dt>
                <dd className="govuk-summary-list__value">
                  <code>{key.keyPrefix}</code>
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('admin.keys.issuedAt')}</dt>
                <dd className="govuk-summary-list__value">
                  {formatDateTime(new Date(key.issuedAt))}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('complaints.myReports.status')}</dt>
                <dd className="govuk-summary-list__value">
                  {key.revokedAt ? (
                    <strong className="govuk-tag govuk-tag--grey">
                      {t('admin.keys.revokedAt', {
                        when: formatDateTime(new Date(key.revokedAt)),
                      })}
                    </strong>
                  ) : (
                    <strong className="govuk-tag govuk-tag--green">{t('admin.keys.active')}</strong>
                  )}
                </dd>
              </div>
            </dl>
            {key.revokedAt ? null : (
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                onClick={() => void revoke(key)}
              >
                {t('admin.keys.revoke', { name: key.clientName })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
