import type { Translate } from '../../i18n/i18n';
import type { Check, Question } from './form-schema';

type Problem = Extract<Check, { ok: false }>['problem'];

/** The message beside a question whose answer cannot be stored (GOV.UK error message wording). */
export function questionError(t: Translate, question: Question, problem: Problem): string {
  const values = {
    label: question.label,
    min: question.minimum ?? question.minLength ?? 0,
    max: question.maximum ?? question.maxLength ?? 0,
  };
  switch (problem) {
    case 'required':
      return question.kind === 'choice' ||
        question.kind === 'boolean' ||
        question.kind === 'choices'
        ? t('applicant.form.error.select', values)
        : t('applicant.form.error.required', values);
    case 'number':
      return t('applicant.form.error.number', values);
    case 'integer':
      return t('applicant.form.error.integer', values);
    case 'min':
      return t('applicant.form.error.min', values);
    case 'max':
      return t('applicant.form.error.max', values);
    case 'tooLong':
      return t('applicant.form.error.tooLong', values);
    case 'tooShort':
      return t('applicant.form.error.tooShort', values);
    case 'date':
      return t('applicant.form.error.date', values);
    case 'pattern':
      return t('applicant.form.error.pattern', values);
  }
}

/**
 * The message for a field the server refused (problem+json `errors[]`: `details.<name>`,
 * `quantities.<code>`, `documents.<kind>`), by its stable code.
 */
export function serverFieldError(t: Translate, label: string, code: string): string {
  if (code === 'REQUIRED') return t('applicant.form.error.required', { label });
  return t('applicant.form.error.invalid', { label });
}
