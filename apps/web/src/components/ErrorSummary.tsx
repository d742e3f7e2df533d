import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';

/**
 * An error to show: a field's, with its text; or the page's, with its text or the key of its
 * text. A key is translated when shown, so an error a page's load sets (say `error.unavailable`)
 * follows a change of language without the page loading again.
 */
export type FieldError =
  | {
      /** The id of the field in error (the summary links to it); none for a page-level error. */
      field?: string;
      message: string;
      key?: undefined;
    }
  | { field?: undefined; key: MessageKey; message?: undefined };

/**
 * GOV.UK error summary: at the top of the page, focused when it appears, each error a link to
 * its field.
 */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) box.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" ref={box} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{t('error.summary.title')}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.field ?? ''}:${error.key ?? error.message}`}>
                {error.field ? (
                  <a
                    href={`#${error.field}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(error.field ?? '')?.focus();
                    }}
                  >
                    {error.message}
                  </a>
                ) : error.key ? (
                  t(error.key)
                ) : (
                  error.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
