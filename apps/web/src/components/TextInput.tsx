import type { InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  widthClass?: string;
}

/** GOV.UK text input: label, hint and the error message beside the field. */
export function TextInput({ id, label, hint, error, widthClass, ...input }: Props) {
  const { t } = useI18n();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        className={`govuk-input${widthClass ? ` ${widthClass}` : ''}${error ? ' govuk-input--error' : ''}`}
        aria-describedby={describedBy || undefined}
        {...input}
      />
    </div>
  );
}
