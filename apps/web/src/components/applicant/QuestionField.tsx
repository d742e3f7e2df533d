import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { fieldId, type Question } from './form-schema';

interface Props {
  question: Question;
  /** The answer as typed (checkboxes: the values ticked). */
  value: string | string[];
  onChange: (value: string | string[]) => void;
  error?: string;
  /** The only question of its page: its label is the page's heading (GOV.UK question page). */
  asHeading: boolean;
}

/**
 * One question of a type's form in GOV.UK Frontend's markup: text input, textarea, radios,
 * checkboxes or a date, with its hint and the error message beside it. The schema's labels are
 * English (a JSON Schema has one `title`): on a page in another language they are marked so.
 */
export function QuestionField({ question, value, onChange, error, asHeading }: Props) {
  const { t, language } = useI18n();
  const id = fieldId(question.section, question.name);
  const lang = question.section === 'details' && language !== 'en' ? 'en' : undefined;
  const hintText =
    question.kind === 'date'
      ? t('applicant.question.dateHint')
      : question.unit
        ? t('applicant.question.unitHint', { unit: question.unit, max: question.maximum ?? 0 })
        : undefined;
  const describedBy = [
    question.hint ? `${id}-hint` : '',
    hintText ? `${id}-format` : '',
    error ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const labelText = (
    <>
      {question.label}
      {question.required ? null : ` ${t('applicant.question.optional')}`}
    </>
  );
  const hints = (
    <>
      {question.hint ? (
        <div id={`${id}-hint`} className="govuk-hint" lang={lang}>
          {question.hint}
        </div>
      ) : null}
      {hintText ? (
        <div id={`${id}-format`} className="govuk-hint">
          {hintText}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
        </p>
      ) : null}
    </>
  );
  const group = (children: ReactNode) => (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>{children}</div>
  );
  const single = Array.isArray(value) ? (value[0] ?? '') : value;

  if (question.kind === 'choice' || question.kind === 'boolean' || question.kind === 'choices') {
    const options =
      question.kind === 'boolean'
        ? [
            { value: 'yes', label: t('applicant.question.yes') },
            { value: 'no', label: t('applicant.question.no') },
          ]
        : (question.options ?? []);
    const multiple = question.kind === 'choices';
    const ticked = Array.isArray(value) ? value : value ? [value] : [];
    return group(
      <fieldset className="govuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend
          className={`govuk-fieldset__legend ${asHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--m'}`}
        >
          {asHeading ? (
            <h1 className="govuk-fieldset__heading" lang={lang}>
              {labelText}
            </h1>
          ) : (
            <span lang={lang}>{labelText}</span>
          )}
        </legend>
        {hints}
        <div
          className={multiple ? 'govuk-checkboxes' : 'govuk-radios'}
          data-module={multiple ? 'govuk-checkboxes' : 'govuk-radios'}
        >
          {options.map((option, n) => {
            const optionId = n === 0 ? id : `${id}-${n}`;
            const cls = multiple ? 'govuk-checkboxes' : 'govuk-radios';
            return (
              <div className={`${cls}__item`} key={option.value}>
                <input
                  className={`${cls}__input`}
                  id={optionId}
                  name={id}
                  type={multiple ? 'checkbox' : 'radio'}
                  value={option.value}
                  checked={ticked.includes(option.value)}
                  onChange={(event) =>
                    onChange(
                      multiple
                        ? event.target.checked
                          ? [...ticked, option.value]
                          : ticked.filter((v) => v !== option.value)
                        : option.value,
                    )
                  }
                />
                <label
                  className={`govuk-label ${cls}__label`}
                  htmlFor={optionId}
                  lang={question.kind === 'boolean' ? undefined : lang}
                >
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>,
    );
  }

  const label = (
    <label className={`govuk-label${asHeading ? ' govuk-label--l' : ''}`} htmlFor={id} lang={lang}>
      {labelText}
    </label>
  );
  const input =
    question.kind === 'textarea' ? (
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={5}
        value={single}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    ) : (
      <input
        className={`govuk-input${question.kind === 'integer' || question.kind === 'number' ? ' govuk-input--width-10' : question.kind === 'date' ? ' govuk-input--width-10' : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode={
          question.kind === 'integer'
            ? 'numeric'
            : question.kind === 'number'
              ? 'decimal'
              : undefined
        }
        spellCheck={question.kind === 'text' ? undefined : false}
        value={single}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  return group(
    <>
      {asHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label}
      {hints}
      {input}
    </>,
  );
}
