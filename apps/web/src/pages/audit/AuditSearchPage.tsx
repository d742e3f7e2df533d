import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { AuditEntry } from '../../components/audit/types';
import { RoleGate } from '../../components/audit/RoleGate';
import { TreeHeadPanel } from '../../components/audit/TreeHeadPanel';
import { downloadBlob } from '../../components/audit/downloadBlob';
import { useLatestTreeHead } from '../../components/audit/useLatestTreeHead';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { contextOf, toInstant, toLocal } from '../../components/audit/times';

const FIELDS = ['subject', 'actor', 'type', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
type Filters = Partial<Record<Field, string>>;
const EVENT_TYPE = /^gov\.[a-z0-9.-]+\.v\d+$/;

/**
 * The auditor's search of the trail (GET /api/v1/audit/entries: case, actor, event type, time
 * range; oldest first, a page at a time), the latest signed tree head verified in the browser,
 * and the exports of the same query (JSON Lines with proofs, or CSV).
 */
export function Component() {
  const { t } = useI18n();
  return (
    <RoleGate roles={['auditor']} title={t('audit.search.title')}>
      <AuditSearch />
    </RoleGate>
  );
}

function AuditSearch() {
  const { t, formatDateTime } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(
    FIELDS.flatMap((f) => (params.get(f) ? [[f, params.get(f) as string]] : [])),
  );
  const searched = Object.keys(filters).length > 0;
  const [values, setValues] = useState<Record<Field, string>>({
    subject: filters.subject ?? '',
    actor: filters.actor ?? '',
    type: filters.type ?? '',
    from: filters.from ? toLocal(filters.from) : '',
    to: filters.to ? toLocal(filters.to) : '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [next, setNext] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const { latest, sign } = useLatestTreeHead(session.status === 'signed-in');
  usePageTitle(t('audit.search.title'), errors.length > 0);
  const query = params.toString();

  const load = async (cursor?: number) => {
    const { data, error } = await api.GET('/api/v1/audit/entries', {
      params: { query: { ...filters, ...(cursor === undefined ? {} : { cursor }), limit: 50 } },
    });
    if (!data) {
      const fields = (error as { errors?: { field?: string }[] } | undefined)?.errors ?? [];
      setErrors(
        fields.length > 0
          ? fields.map((f) => ({
              ...(f.field && (FIELDS as readonly string[]).includes(f.field)
                ? { field: f.field }
                : {}),
              message: t('audit.search.error.refused'),
            }))
          : [{ key: 'error.unavailable' }],
      );
      return;
    }
    setEntries((previous) => [...(cursor === undefined ? [] : (previous ?? [])), ...data.entries]);
    setNext(data.nextCursor);
  };

  useEffect(() => {
    setEntries(undefined);
    if (searched) void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    // Reloads when the query in the address changes.
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const next: Filters = {};
    if (values.subject.trim()) next.subject = values.subject.trim();
    if (values.actor.trim()) next.actor = values.actor.trim();
    if (values.type.trim()) {
      if (EVENT_TYPE.test(values.type.trim())) next.type = values.type.trim();
      else found.push({ field: 'type', message: t('audit.search.error.type') });
    }
    for (const field of ['from', 'to'] as const)
      if (values[field]) {
        const instant = toInstant(values[field]);
        if (instant) next[field] = instant;
        else found.push({ field, message: t('audit.search.error.time') });
      }
    if (next.from && next.to && next.from >= next.to)
      found.push({ field: 'to', message: t('audit.search.error.order') });
    if (found.length === 0 && Object.keys(next).length === 0)
      found.push({ field: 'subject', message: t('audit.search.error.empty') });
    setErrors(found);
    if (found.length === 0) setParams(next);
  };

  const download = async (format: 'jsonl' | 'csv') => {
    setExporting(true);
    try {
      const { data, response } = await api.GET('/api/v1/audit/export', {
        params: { query: { ...filters, format } },
        parseAs: 'blob',
      });
      if (!data || !response.ok) throw new Error(String(response.status));
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
      downloadBlob(data, name?.[1] ?? `audit.${format}`);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setExporting(false);
    }
  };

  const input = (field: Field, type = 'text', hint?: string) => (
    <TextInput
      id={field}
      type={type}
      label={t(`audit.search.${field}`)}
      hint={hint}
      widthClass={type === 'text' ? 'govuk-!-width-full' : 'govuk-input--width-20'}
      autoComplete="off"
      spellCheck={false}
      value={values[field]}
      onChange={(e) => setValues({ ...values, [field]: e.target.value })}
      error={errors.find((e) => e.field === field)?.message}
    />
  );

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">{t('audit.search.title')}</h1>
      <p className="govuk-body">{t('audit.search.lead')}</p>
      <TreeHeadPanel latest={latest} onSign={() => void sign()} />
      <h2 className="govuk-heading-m">{t('audit.search.formHeading')}</h2>
      <form noValidate onSubmit={submit} className="govuk-!-margin-bottom-6">
        {input('subject', 'text', t('audit.search.subjectHint'))}
        {input('actor', 'text', t('audit.search.actorHint'))}
        {input('type', 'text', t('audit.search.typeHint'))}
        {input('from', 'datetime-local', t('audit.search.timeHint'))}
        {input('to', 'datetime-local', t('audit.search.timeHint'))}
        <button type="submit" className="govuk-button">
          {t('audit.search.button')}
        </button>
      </form>
      {searched ? (
        <section aria-labelledby="results-heading">
          <h2 className="govuk-heading-m" id="results-heading">
            {t('audit.search.results')}
          </h2>
          {entries === undefined ? <p className="govuk-body">{t('page.loading')}</p> : null}
          {entries?.length === 0 ? <p className="govuk-body">{t('audit.search.none')}</p> : null}
          {entries && entries.length > 0 ? (
            <div
              className="civic-table-wrap"
              tabIndex={0}
              role="region"
              aria-labelledby="results-caption"
            >
              <table className="govuk-table civic-break" data-testid="audit-results">
                <caption
                  className="govuk-table__caption govuk-table__caption--s"
                  id="results-caption"
                >
                  {t('audit.search.caption', { count: entries.length })}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      {t('audit.entry.seq')}
                    </th>
                    <th scope="col" className="govuk-table__header">
                      {t('audit.entry.when')}
                    </th>
                    <th scope="col" className="govuk-table__header">
                      {t('audit.entry.type')}
                    </th>
                    <th scope="col" className="govuk-table__header">
                      {t('audit.entry.case')}
                    </th>
                    <th scope="col" className="govuk-table__header">
                      {t('audit.entry.actor')}
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {entries.map((entry) => (
                    <tr className="govuk-table__row" key={entry.seq}>
                      <td className="govuk-table__cell">{entry.seq}</td>
                      <td className="govuk-table__cell">
                        {formatDateTime(new Date(entry.occurredAt))}
                      </td>
                      <td className="govuk-table__cell">{entry.type}</td>
                      <td className="govuk-table__cell">
                        <Link
                          className="govuk-link"
                          to={`/audit/cases/${contextOf(entry.type)}/${encodeURIComponent(entry.subject)}`}
                        >
                          {entry.subject}
                        </Link>
                      </td>
                      <td className="govuk-table__cell">{entry.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {next !== null ? (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => void load(next).catch(() => setErrors([{ key: 'error.unavailable' }]))}
            >
              {t('audit.search.more')}
            </button>
          ) : null}
          <h2 className="govuk-heading-m">{t('audit.export.heading')}</h2>
          <p className="govuk-body">{t('audit.export.lead')}</p>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={exporting}
              onClick={() => void download('jsonl')}
            >
              {t('audit.export.jsonl')}
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={exporting}
              onClick={() => void download('csv')}
            >
              {t('audit.export.csv')}
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
