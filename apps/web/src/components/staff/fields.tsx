import './staff.css';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';

/*
 * GOV.UK form fields the staff pages use beside TextInput: textarea, radios, select, checkboxes,
 * each with its label or legend, hint, and the error message beside it (tied by
 * aria-describedby).
 */

const describedBy = (id: string, hint?: string, error?: string): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function FieldError({ id, error }: { id: string; error?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  ) : null;
}

export function Textarea(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  const { id, label, hint, error } = props;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <textarea
        id={id}
        name={id}
        rows={props.rows ?? 3}
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        aria-describedby={describedBy(id, hint, error)}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** Radios in a fieldset; the first radio carries the field's id (the error summary links to it). */
export function Radios(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  choices: Choice[];
  value: string;
  onChange: (value: string) => void;
  small?: boolean;
}) {
  const { id, legend, hint, error } = props;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className={`govuk-radios${props.small ? ' govuk-radios--small' : ''}`}>
          {props.choices.map((choice, n) => (
            <div className="govuk-radios__item" key={choice.value}>
              <input
                className="govuk-radios__input"
                id={n === 0 ? id : `${id}-${choice.value}`}
                name={id}
                type="radio"
                value={choice.value}
                checked={props.value === choice.value}
                onChange={() => props.onChange(choice.value)}
              />
              <label
                className="govuk-label govuk-radios__label"
                htmlFor={n === 0 ? id : `${id}-${choice.value}`}
              >
                {choice.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Select(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  choices: Choice[];
  value: string;
  onChange: (value: string) => void;
}) {
  const { id, label, hint, error } = props;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <select
        id={id}
        name={id}
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        aria-describedby={describedBy(id, hint, error)}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes in a fieldset; a checked box may reveal more (GOV.UK's conditional reveal). */
export function Checkboxes(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  choices: (Choice & { reveal?: ReactNode })[];
  checked: string[];
  onChange: (checked: string[]) => void;
}) {
  const { id, legend, hint, error } = props;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {props.choices.map((choice, n) => {
            const boxId = n === 0 ? id : `${id}-${n}`;
            const on = props.checked.includes(choice.value);
            return (
              <div key={choice.value}>
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={boxId}
                    name={id}
                    type="checkbox"
                    value={choice.value}
                    checked={on}
                    aria-controls={choice.reveal ? `${boxId}-reveal` : undefined}
                    aria-expanded={choice.reveal ? on : undefined}
                    onChange={() =>
                      props.onChange(
                        on
                          ? props.checked.filter((v) => v !== choice.value)
                          : [...props.checked, choice.value],
                      )
                    }
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={boxId}>
                    {choice.label}
                  </label>
                </div>
                {choice.reveal ? (
                  <div
                    id={`${boxId}-reveal`}
                    className={`govuk-checkboxes__conditional${on ? '' : ' govuk-checkboxes__conditional--hidden'}`}
                  >
                    {on ? choice.reveal : null}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A summary list row. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
