import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, problemCode, type Problem } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { formatMoney, newKey } from '../../components/applicant/format';
import { scalarText, type Question } from '../../components/applicant/form-schema';
import { serverFieldError } from '../../components/applicant/problems';
import { sectionsOf } from '../../components/applicant/sections';
import { NotYours, SignedInOnly, SummaryRow } from '../../components/applicant/SignedInOnly';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n, type Translate } from '../../i18n/i18n';
import { withReturn } from './navigation';

/**
 * Check your answers, then submit (POST /api/v1/applications/{id}/submit with an
 * Idempotency-Key). A refusal lists every missing document and invalid field at once
 * (problem+json `errors[].field`): each is shown on its row, summarised at the top.
 */
export function Component() {
  return (
    <SignedInOnly>
      <CheckAnswers />
    </SignedInOnly>
  );
}

export const rowId = (field: string): string => `row-${field.replace(/\./g, '-')}`;

export function answerText(t: Translate, q: Question, value: unknown): string {
  if (value === undefined || value === null || value === '')
    return t('applicant.check.notAnswered');
  if (q.kind === 'boolean') return t(value ? 'applicant.question.yes' : 'applicant.question.no');
  const label = (v: unknown) =>
    q.options?.find((o) => o.value === scalarText(v))?.label ?? scalarText(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (q.kind === 'choice') return label(value);
  if (q.unit) return `${scalarText(value)} ${q.unit}`;
  return scalarText(value);
}

function CheckAnswers() {
  const { t, language } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const typeName = usePermitTypeName();
  const { application, definition, failed, notFound } = useApplication(id);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  usePageTitle(t('applicant.check.title'), errors.length > 0 || failed);

  if (notFound) return <NotYours t={t} />;
  if (!application || !definition)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{t('applicant.check.title')}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );

  const s = sectionsOf(application, definition, language);
  const here = `/applications/${id}/check`;
  const pageOf = (q: Question) => s.detailPages.findIndex((page) => page.includes(q));
  const kindName = (kind: string) => {
    const found = definition.documentKinds.find((k) => k.kind === kind);
    return found?.names?.[language] ?? found?.names?.en ?? kind;
  };
  const labelOf = (field: string): string => {
    const [section, name = ''] = field.split(/\.(.*)/s);
    if (section === 'details') return s.details.find((q) => q.name === name)?.label ?? name;
    if (section === 'quantities') return s.quantities.find((q) => q.name === name)?.label ?? name;
    if (section === 'documents') return kindName(name);
    return field;
  };
  const errorOf = (field: string) => errors.find((e) => e.field === rowId(field))?.message;
  const fee =
    definition.fee.base.amountMinor +
    definition.fee.perUnit.reduce(
      (sum, rate) => sum + rate.amountMinor * (application.quantities[rate.quantity] ?? 0),
      0,
    );

  const submit = async () => {
    if (application.status !== 'draft') return;
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/applications/{id}/submit', {
        params: { path: { id }, header: { 'Idempotency-Key': key.current } },
      });
      if (data) {
        await navigate(`/applications/${id}?submitted=1`);
        return;
      }
      const problems = (error as Problem | undefined)?.errors ?? [];
      setErrors(
        problemCode(error) === 'PERMITS.APPLICATION_INCOMPLETE' && problems.length
          ? problems.map((e) => ({
              field: rowId(e.field),
              message:
                e.field.startsWith('documents.') && e.code === 'REQUIRED'
                  ? t('applicant.check.error.document', { name: labelOf(e.field) })
                  : serverFieldError(t, labelOf(e.field), e.code),
            }))
          : [{ key: 'error.unavailable' }],
      );
      // A refused key is not kept by the gateway; a new one for the next attempt all the same.
      key.current = newKey();
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const change = (to: string, what: string) => (
    <Link className="govuk-link" to={withReturn(to, here)}>
      {t('applicant.check.change')}
      <span className="govuk-visually-hidden"> {what}</span>
    </Link>
  );
  const detailLang = language === 'en' ? undefined : 'en';

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{typeName(application.permitType)}</span>
        <h1 className="govuk-heading-l">{t('applicant.check.title')}</h1>

        <h2 className="govuk-heading-m">{t('applicant.task.about')}</h2>
        <dl className="govuk-summary-list govuk-!-margin-bottom-9">
          <SummaryRow
            id={rowId('title')}
            label={t('applicant.about.titleLabel')}
            error={errorOf('title')}
            action={change(`/applications/${id}/about`, t('applicant.about.titleLabel'))}
          >
            {application.title}
          </SummaryRow>
          <SummaryRow
            id={rowId('site.address')}
            label={t('applicant.about.address')}
            error={errorOf('site.address')}
            action={change(`/applications/${id}/about`, t('applicant.about.address'))}
          >
            {application.site.address}
          </SummaryRow>
        </dl>

        {s.details.length ? (
          <>
            <h2 className="govuk-heading-m">{t('applicant.task.details')}</h2>
            <dl className="govuk-summary-list govuk-!-margin-bottom-9">
              {s.details.map((q) => (
                <SummaryRow
                  key={q.name}
                  id={rowId(`details.${q.name}`)}
                  label={<span lang={detailLang}>{q.label}</span>}
                  error={errorOf(`details.${q.name}`)}
                  action={change(`/applications/${id}/details/${Math.max(pageOf(q), 0)}`, q.label)}
                >
                  {answerText(t, q, application.details[q.name])}
                </SummaryRow>
              ))}
            </dl>
          </>
        ) : null}

        {s.quantities.length ? (
          <>
            <h2 className="govuk-heading-m">{t('applicant.task.quantities')}</h2>
            <dl className="govuk-summary-list govuk-!-margin-bottom-9">
              {s.quantities.map((q) => (
                <SummaryRow
                  key={q.name}
                  id={rowId(`quantities.${q.name}`)}
                  label={q.label}
                  error={errorOf(`quantities.${q.name}`)}
                  action={change(`/applications/${id}/quantities`, q.label)}
                >
                  {answerText(t, q, application.quantities[q.name])}
                </SummaryRow>
              ))}
            </dl>
          </>
        ) : null}

        <h2 className="govuk-heading-m">{t('applicant.task.documents')}</h2>
        <dl className="govuk-summary-list govuk-!-margin-bottom-9">
          {definition.documentKinds.map((kind) => {
            const latest = application.documents.find((d) => d.kind === kind.kind)?.latest;
            return (
              <SummaryRow
                key={kind.kind}
                id={rowId(`documents.${kind.kind}`)}
                label={kindName(kind.kind)}
                error={errorOf(`documents.${kind.kind}`)}
                action={change(`/applications/${id}/documents`, kindName(kind.kind))}
              >
                {latest?.fileName ??
                  t(kind.required ? 'applicant.docs.none' : 'applicant.check.notAnswered')}
              </SummaryRow>
            );
          })}
        </dl>

        <h2 className="govuk-heading-m">{t('applicant.check.feeTitle')}</h2>
        <p className="govuk-body">
          {fee > 0
            ? t('applicant.check.fee', {
                amount: formatMoney(fee, definition.fee.currency, language),
              })
            : t('applicant.check.noFee')}
        </p>

        <h2 className="govuk-heading-m">{t('applicant.check.sendTitle')}</h2>
        <p className="govuk-body">{t('applicant.check.declaration')}</p>
        {application.status === 'draft' ? (
          <button
            type="button"
            className="govuk-button"
            disabled={busy}
            onClick={() => void submit()}
          >
            {t('applicant.check.submit')}
          </button>
        ) : (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/applications/${id}`}>
              {t('applicant.task.toStatus')}
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
