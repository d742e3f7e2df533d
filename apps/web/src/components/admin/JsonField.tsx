import { useI18n } from '../../i18n/i18n';

/** A textarea holding JSON, with its label, hint and error beside it (GOV.UK textarea). */
export function JsonField({
  id,
  label,
  hint,
  value,
  error,
  rows = 16,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  rows?: number;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message civic-break">
          <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
        </p>
      ) : null}
      <textarea
        id={id}
        name={id}
        rows={rows}
        spellCheck={false}
        className={`govuk-textarea civic-code${error ? ' govuk-textarea--error' : ''}`}
        aria-describedby={describedBy || undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** Parses JSON text; undefined when it is not JSON. */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
