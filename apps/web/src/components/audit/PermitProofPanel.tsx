import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { verifyPermitProof, type PermitProofResult } from '../../verification/permit-proof.js';
import { TRUSTED_LOG_KEYS } from '../../verification/trusted-keys.js';
import { failureText } from './failureText';

type State =
  | { kind: 'checking' }
  | { kind: 'checked'; result: PermitProofResult }
  | { kind: 'no-proof' }
  | { kind: 'unavailable' };

const STATUS_TAGS = {
  issued: 'govuk-tag--green',
  revoked: 'govuk-tag--red',
  expired: 'govuk-tag--grey',
} as const;

/**
 * The permit's proof from the audit log (GET /api/v1/permits/{permitNumber}/proof), checked in
 * this browser against the log keys pinned in the build, and what it proved, exactly as
 * `npm run permit:verify` says it: issued, proven; status as of tree head N; that no later
 * revocation exists is not proven by this proof.
 */
export function PermitProofPanel({ permitNumber }: { permitNumber: string }) {
  const { t, formatDateTime } = useI18n();
  const [state, setState] = useState<State>({ kind: 'checking' });

  useEffect(() => {
    let current = true;
    setState({ kind: 'checking' });
    api
      .GET('/api/v1/permits/{permitNumber}/proof', { params: { path: { permitNumber } } })
      .then(async ({ data, response }) => {
        if (!data) {
          if (current) setState({ kind: response.status === 404 ? 'no-proof' : 'unavailable' });
          return;
        }
        const result = await verifyPermitProof(data, TRUSTED_LOG_KEYS);
        if (current) setState({ kind: 'checked', result });
      })
      .catch(() => current && setState({ kind: 'unavailable' }));
    return () => {
      current = false;
    };
  }, [permitNumber]);

  const time = (iso: string) => formatDateTime(new Date(iso));

  return (
    <section aria-labelledby="proof-heading" className="civic-proof">
      <h2 className="govuk-heading-m" id="proof-heading">
        {t('audit.permitProof.heading')}
      </h2>
      <div role="status" aria-live="polite">
        {state.kind === 'checking' ? (
          <p className="govuk-body">{t('audit.permitProof.checking')}</p>
        ) : null}
        {state.kind === 'no-proof' ? (
          <p className="govuk-body">{t('audit.permitProof.none', { number: permitNumber })}</p>
        ) : null}
        {state.kind === 'unavailable' ? (
          <p className="govuk-body">{t('audit.permitProof.unavailable')}</p>
        ) : null}
        {state.kind === 'checked' && state.result.ok ? (
          <ProvenPermit result={state.result} time={time} />
        ) : null}
        {state.kind === 'checked' && !state.result.ok ? (
          <div className="govuk-inset-text civic-proof-failed">
            <p className="govuk-body">
              <strong className="govuk-tag govuk-tag--red">
                {t('audit.permitProof.notProven')}
              </strong>
            </p>
            <p className="govuk-body">{t('audit.permitProof.notProvenText')}</p>
            <ul className="govuk-list govuk-list--bullet" data-testid="proof-failures">
              {state.result.failures.map((failure) => (
                <li key={JSON.stringify(failure)}>{failureText(t, failure)}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{t('audit.permitProof.howHeading')}</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">{t('audit.permitProof.how')}</p>
          <p className="govuk-body">
            {t('audit.permitProof.keys', { keys: TRUSTED_LOG_KEYS.map((k) => k.keyId).join(', ') })}
          </p>
        </div>
      </details>
    </section>
  );
}

function ProvenPermit({
  result,
  time,
}: {
  result: PermitProofResult;
  time: (iso: string) => string;
}) {
  const { t } = useI18n();
  const head = result.treeHead;
  const status = result.status;
  if (!head || !status) return null;
  const issued = result.events.find((e) => e.kind === 'issued');
  const ended = result.events.find((e) => e.kind === status && status !== 'issued');
  return (
    <>
      <p className="govuk-body">
        <strong className="govuk-tag govuk-tag--green">{t('audit.permitProof.proven')}</strong>{' '}
        <strong className={`govuk-tag ${STATUS_TAGS[status]}`} data-testid="proof-status">
          {t(`audit.permitProof.status.${status}`)}
        </strong>
      </p>
      <ul className="govuk-list govuk-list--bullet" data-testid="proof-statements">
        {issued ? (
          <li>
            {t('audit.permitProof.issuedProven', {
              seq: issued.seq,
              time: time(issued.occurredAt),
            })}
          </li>
        ) : null}
        {ended ? (
          <li>
            {t(
              ended.kind === 'revoked'
                ? 'audit.permitProof.revokedProven'
                : 'audit.permitProof.expiredProven',
              {
                seq: ended.seq,
                time: time(ended.occurredAt),
              },
            )}
          </li>
        ) : null}
        <li>
          {t('audit.permitProof.statusAsOf', {
            size: head.treeSize,
            time: time(head.timestamp),
            key: head.keyId,
            status: t(`audit.permitProof.status.${status}`),
          })}
        </li>
        <li>{t('audit.permitProof.notProvenLater')}</li>
      </ul>
    </>
  );
}
