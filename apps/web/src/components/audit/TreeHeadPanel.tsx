import { useI18n } from '../../i18n/i18n';
import { failureText } from './failureText';
import type { LatestHead } from './useLatestTreeHead';

/** The latest signed tree head, and whether its signature verified in this browser. */
export function TreeHeadPanel({ latest, onSign }: { latest: LatestHead; onSign: () => void }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="head-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="head-heading">
        {t('audit.head.heading')}
      </h2>
      <div role="status" aria-live="polite" data-testid="tree-head">
        {latest.kind === 'loading' ? <p className="govuk-body">{t('page.loading')}</p> : null}
        {latest.kind === 'none' ? <p className="govuk-body">{t('audit.head.none')}</p> : null}
        {latest.kind === 'unavailable' ? (
          <p className="govuk-body">{t('error.unavailable')}</p>
        ) : null}
        {latest.kind === 'loaded' ? (
          <>
            <p className="govuk-body">
              {latest.failure ? (
                <strong className="govuk-tag govuk-tag--red">{t('audit.head.notVerified')}</strong>
              ) : (
                <strong className="govuk-tag govuk-tag--green">{t('audit.head.verified')}</strong>
              )}
            </p>
            {latest.failure ? (
              <p className="govuk-body">{failureText(t, latest.failure)}</p>
            ) : (
              <p className="govuk-body">{t('audit.head.verifiedText')}</p>
            )}
            <dl className="govuk-summary-list civic-break">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('audit.head.size')}</dt>
                <dd className="govuk-summary-list__value">{latest.head.treeSize}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('audit.head.root')}</dt>
                <dd className="govuk-summary-list__value civic-hash">{latest.head.rootHash}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('audit.head.signedAt')}</dt>
                <dd className="govuk-summary-list__value">
                  {formatDateTime(new Date(latest.head.timestamp))}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('audit.head.key')}</dt>
                <dd className="govuk-summary-list__value">{latest.head.keyId}</dd>
              </div>
            </dl>
          </>
        ) : null}
      </div>
      <button type="button" className="govuk-button govuk-button--secondary" onClick={onSign}>
        {t('audit.head.sign')}
      </button>
    </section>
  );
}
