import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { failureText } from '../../components/audit/failureText';
import { RoleGate } from '../../components/audit/RoleGate';
import { TreeHeadPanel } from '../../components/audit/TreeHeadPanel';
import type { AuditEntry, CaseState } from '../../components/audit/types';
import { useLatestTreeHead, type LatestHead } from '../../components/audit/useLatestTreeHead';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { checkEntryInHead, type Failure } from '../../verification/log-proofs.js';
import { toInstant } from '../../components/audit/times';

/** The most entries of one case the page shows (pages of 100). */
const MAX_ENTRIES = 1_000;

type Proof =
  | { kind: 'checking' }
  | { kind: 'verified' }
  | { kind: 'failed'; failures: Failure[] }
  | { kind: 'unsigned' }
  | { kind: 'head-unverified' }
  | { kind: 'unavailable' };

/**
 * A case's timeline for auditors: every entry of the trail about it (GET
 * /api/v1/audit/entries?subject=), each one's inclusion proof in the latest signed tree head
 * fetched (GET …/inclusion-proof) and checked in this browser from the entry's own data; and the
 * case's state at a chosen moment (GET /api/v1/audit/cases/{subject}/state?at=).
 */
export function Component() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  return (
    <RoleGate roles={['auditor']} title={t('audit.case.title', { id })}>
      <CaseTimeline />
    </RoleGate>
  );
}

function CaseTimeline() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const { context = '', id = '' } = useParams();
  const { latest, sign } = useLatestTreeHead(session.status === 'signed-in');
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [proofs, setProofs] = useState<Record<number, Proof>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [at, setAt] = useState('');
  const [state, setState] = useState<CaseState | undefined>();
  const title = t('audit.case.title', { id });
  usePageTitle(title, errors.length > 0);

  useEffect(() => {
    let current = true;
    (async () => {
      const all: AuditEntry[] = [];
      let cursor: number | undefined;
      do {
        const { data } = await api.GET('/api/v1/audit/entries', {
          params: {
            query: { subject: id, limit: 100, ...(cursor === undefined ? {} : { cursor }) },
          },
        });
        if (!data) throw new Error('unavailable');
        all.push(...data.entries);
        cursor = data.nextCursor ?? undefined;
      } while (cursor !== undefined && all.length < MAX_ENTRIES);
      if (current) setEntries(all);
    })().catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [id]);

  useEffect(() => {
    if (!entries || latest.kind === 'loading') return;
    let current = true;
    const set = (seq: number, proof: Proof) =>
      current && setProofs((previous) => ({ ...previous, [seq]: proof }));
    (async () => {
      for (const entry of entries) {
        if (latest.kind !== 'loaded') set(entry.seq, { kind: 'unavailable' });
        else if (latest.failure) set(entry.seq, { kind: 'head-unverified' });
        else if (entry.seq >= latest.head.treeSize) set(entry.seq, { kind: 'unsigned' });
        else {
          set(entry.seq, { kind: 'checking' });
          const { data } = await api.GET('/api/v1/audit/entries/{seq}/inclusion-proof', {
            params: { path: { seq: entry.seq }, query: { treeSize: latest.head.treeSize } },
          });
          if (!data) set(entry.seq, { kind: 'unavailable' });
          else {
            const failures = await checkEntryInHead(entry, data.auditPath, latest.head);
            set(
              entry.seq,
              failures.length === 0 ? { kind: 'verified' } : { kind: 'failed', failures },
            );
          }
        }
      }
    })().catch(() => undefined);
    return () => {
      current = false;
    };
  }, [entries, latest]);

  const showState = async (event?: FormEvent) => {
    event?.preventDefault();
    const instant = at ? toInstant(at) : undefined;
    if (at && !instant) {
      setErrors([{ field: 'at', message: t('audit.search.error.time') }]);
      return;
    }
    setErrors([]);
    const { data } = await api.GET('/api/v1/audit/cases/{subject}/state', {
      params: { path: { subject: id }, query: instant ? { at: instant } : {} },
    });
    if (data) setState(data);
    else setErrors([{ message: t('audit.case.noState') }]);
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{t('audit.case.caption', { context })}</span>
      <h1 className="govuk-heading-l civic-break">{title}</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/audit?subject=${encodeURIComponent(id)}`}>
          {t('audit.case.search')}
        </Link>
      </p>
      <TreeHeadPanel latest={latest} onSign={() => void sign()} />

      <h2 className="govuk-heading-m">{t('audit.case.stateHeading')}</h2>
      <form noValidate onSubmit={(e) => void showState(e)}>
        <TextInput
          id="at"
          type="datetime-local"
          label={t('audit.case.at')}
          hint={t('audit.case.atHint')}
          widthClass="govuk-input--width-20"
          value={at}
          onChange={(e) => setAt(e.target.value)}
          error={errors.find((e) => e.field === 'at')?.message}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('audit.case.showState')}
        </button>
      </form>
      {state ? (
        <div role="status" data-testid="case-state">
          <p className="govuk-body">
            {t('audit.case.stateAt', {
              time: formatDateTime(new Date(state.at)),
              count: state.history.length,
            })}
          </p>
          <dl className="govuk-summary-list civic-break">
            {Object.entries(state.state).map(([key, value]) => (
              <div className="govuk-summary-list__row" key={key}>
                <dt className="govuk-summary-list__key">{key}</dt>
                <dd className="govuk-summary-list__value">
                  {typeof value === 'string' ? value : JSON.stringify(value)}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">{t('audit.case.timeline')}</h2>
      {entries === undefined && errors.length === 0 ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : null}
      {entries?.length === 0 ? <p className="govuk-body">{t('audit.case.noEntries')}</p> : null}
      <ol className="govuk-list civic-timeline" data-testid="timeline">
        {entries?.map((entry) => (
          <li key={entry.seq} className="govuk-summary-card">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title civic-break">{entry.type}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list civic-break">
                <Row label={t('audit.entry.seq')}>{entry.seq}</Row>
                <Row label={t('audit.entry.when')}>
                  {formatDateTime(new Date(entry.occurredAt))}
                </Row>
                <Row label={t('audit.entry.actor')}>{entry.actor}</Row>
                <Row label={t('audit.entry.proof')}>
                  <ProofResult
                    key={proofs[entry.seq]?.kind ?? 'none'}
                    proof={proofs[entry.seq]}
                    latest={latest}
                  />
                </Row>
              </dl>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

function ProofResult({ proof, latest }: { proof: Proof | undefined; latest: LatestHead }) {
  const { t } = useI18n();
  const size = latest.kind === 'loaded' ? latest.head.treeSize : 0;
  switch (proof?.kind) {
    case undefined:
    case 'checking':
      return <span data-proof="checking">{t('audit.proof.checking')}</span>;
    case 'verified':
      return (
        <span data-proof="verified">
          <strong className="govuk-tag govuk-tag--green">{t('audit.proof.verified')}</strong>{' '}
          {t('audit.proof.verifiedText', { size })}
        </span>
      );
    case 'failed':
      return (
        <span data-proof="failed">
          <strong className="govuk-tag govuk-tag--red">{t('audit.proof.failed')}</strong>
          {proof.failures.map((f) => (
            <span className="govuk-body-s civic-block" key={JSON.stringify(f)}>
              {failureText(t, f)}
            </span>
          ))}
        </span>
      );
    case 'unsigned':
      return (
        <span data-proof="unsigned">
          <strong className="govuk-tag govuk-tag--yellow">{t('audit.proof.unsigned')}</strong>{' '}
          {t('audit.proof.unsignedText', { size })}
        </span>
      );
    case 'head-unverified':
      return (
        <span data-proof="head-unverified">
          <strong className="govuk-tag govuk-tag--red">{t('audit.proof.failed')}</strong>{' '}
          {t('audit.proof.headUnverified')}
        </span>
      );
    case 'unavailable':
      return <span data-proof="unavailable">{t('audit.proof.unavailable')}</span>;
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
