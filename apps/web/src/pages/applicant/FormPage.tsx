import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, problemCode, type Problem } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import {
  checkAnswer,
  fieldId,
  inputText,
  type Question,
} from '../../components/applicant/form-schema';
import { questionError, serverFieldError } from '../../components/applicant/problems';
import { QuestionField } from '../../components/applicant/QuestionField';
import { markAnswered, sectionsOf } from '../../components/applicant/sections';
import { NotYours, SignedInOnly } from '../../components/applicant/SignedInOnly';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';
import { returnTo } from './navigation';

/**
 * The form's questions, rendered from the type version's JSON Schema
 * (`/applications/:id/details/:page`; one question per page when the form is long) and its
 * declared quantities (`/applications/:id/quantities`). Each page saves the draft (PATCH).
 */
export function Component() {
  return (
    <SignedInOnly>
      <FormPage />
    </SignedInOnly>
  );
}

function FormPage() {
  const { t, language } = useI18n();
  const { id = '', page } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const typeName = usePermitTypeName();
  const { application, definition, failed, notFound, setApplication } = useApplication(id);
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  /** The page whose answers the inputs hold (they are shown once filled from the draft). */
  const [filled, setFilled] = useState('');
  const section: 'details' | 'quantities' = page === undefined ? 'quantities' : 'details';
  const index = Number(page ?? 0);

  const sections =
    application && definition ? sectionsOf(application, definition, language) : undefined;
  const pages = sections
    ? section === 'details'
      ? sections.detailPages
      : sections.quantities.length
        ? [sections.quantities]
        : []
    : [];
  const questions: Question[] = pages[index] ?? [];
  const single = questions.length === 1 ? questions[0] : undefined;
  const heading = single
    ? single.label
    : t(section === 'details' ? 'applicant.task.details' : 'applicant.task.quantities');
  usePageTitle(heading, errors.length > 0 || failed);

  const stored = application ? application[section] : undefined;
  const pageKey = `${section}:${index}`;
  useEffect(() => {
    if (!stored || !definition) return;
    setAnswers(
      Object.fromEntries(
        questions.map((q) => {
          const value = (stored as Record<string, unknown>)[q.name];
          return [
            q.name,
            q.kind === 'choices'
              ? Array.isArray(value)
                ? value.map(String)
                : []
              : inputText(q, value),
          ];
        }),
      ),
    );
    setFilled(pageKey);
    // Filled once the application and its type have loaded (and when the page changes).
  }, [stored, definition, pageKey]);

  if (notFound) return <NotYours t={t} />;
  if (!application || !definition || filled !== pageKey)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{heading}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );

  const editable = application.status === 'draft' || application.status === 'changes_requested';
  const fallback =
    application.status === 'draft' ? `/applications/${id}/task-list` : `/applications/${id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const values: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
    for (const q of questions) {
      const check = checkAnswer(q, answers[q.name] ?? '');
      if (!check.ok)
        found.push({
          field: fieldId(section, q.name),
          message: questionError(t, q, check.problem),
        });
      else if (check.value === undefined) delete values[q.name];
      else values[q.name] = check.value;
    }
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const { data, error } = await api.PATCH('/api/v1/applications/{id}', {
        params: { path: { id } },
        body:
          section === 'details'
            ? { details: values }
            : { quantities: values as Record<string, number> },
      });
      if (!data) {
        const mapped = ((error as Problem | undefined)?.errors ?? []).flatMap((e) => {
          const q = questions.find((x) => e.field === `${section}.${x.name}`);
          return q
            ? [{ field: fieldId(section, q.name), message: serverFieldError(t, q.label, e.code) }]
            : [];
        });
        setErrors(
          mapped.length
            ? mapped
            : [
                {
                  message:
                    problemCode(error) === 'PERMITS.APPLICATION_NOT_EDITABLE'
                      ? t('applicant.task.error.notEditable')
                      : t('error.unavailable'),
                },
              ],
        );
        return;
      }
      // The next page of the section is this component again: it goes on from what was saved.
      setApplication(data);
      for (const q of questions)
        markAnswered(id, `${section === 'details' ? 'field' : 'quantity'}:${q.name}`);
      const next =
        params.get('return') || index + 1 >= pages.length
          ? returnTo(params, fallback)
          : `/applications/${id}/details/${index + 1}`;
      await navigate(next);
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (q: Question) =>
    errors.find((e) => e.field === fieldId(section, q.name))?.message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">
          {pages.length > 1
            ? t('applicant.form.caption', {
                type: typeName(application.permitType),
                n: index + 1,
                total: pages.length,
              })
            : typeName(application.permitType)}
        </span>
        {single && editable ? null : <h1 className="govuk-heading-l">{heading}</h1>}
        {!editable ? (
          <p className="govuk-body">{t('applicant.task.error.notEditable')}</p>
        ) : questions.length === 0 ? (
          <p className="govuk-body">{t('applicant.form.none')}</p>
        ) : (
          <form noValidate onSubmit={(event) => void submit(event)}>
            {questions.map((q) => (
              <QuestionField
                key={q.name}
                question={q}
                value={answers[q.name] ?? (q.kind === 'choices' ? [] : '')}
                onChange={(value) => setAnswers((previous) => ({ ...previous, [q.name]: value }))}
                error={errorOf(q)}
                asHeading={single !== undefined}
              />
            ))}
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('applicant.task.saveContinue')}
              </button>
              <Link className="govuk-link" to={returnTo(params, fallback)}>
                {t('applicant.form.back')}
              </Link>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
