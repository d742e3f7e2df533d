import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { SignedInOnly } from '../../components/applicant/SignedInOnly';
import { useI18n } from '../../i18n/i18n';

interface TypeChoice {
  code: string;
  names: Record<string, string>;
  descriptions: Record<string, string>;
}

/** Start an application: the permit types on offer (GET /api/v1/permit-types), named in the page's language. */
export function Component() {
  return (
    <SignedInOnly>
      <ChooseType />
    </SignedInOnly>
  );
}

function ChooseType() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const [types, setTypes] = useState<TypeChoice[]>();
  const [chosen, setChosen] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle(t('applicant.apply.title'), errors.length > 0);

  useEffect(() => {
    api
      .GET('/api/v1/permit-types')
      .then(({ data }) => {
        if (!data) throw new Error('no types');
        setTypes(
          data.items.map((type) => ({
            code: type.code,
            names: type.definition.names ?? {},
            descriptions: type.definition.descriptions ?? {},
          })),
        );
      })
      .catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setErrors([{ field: 'permitType', message: t('applicant.apply.error.missing') }]);
      return;
    }
    await navigate(`/apply/${encodeURIComponent(chosen)}`);
  };

  const error = errors.find((e) => e.field === 'permitType')?.message;
  const text = (texts: Record<string, string>) => texts[language] ?? texts.en;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {types === undefined && errors.length === 0 ? (
          <p className="govuk-body">{t('page.loading')}</p>
        ) : null}
        <form noValidate onSubmit={(event) => void submit(event)}>
          <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <fieldset
              className="govuk-fieldset"
              aria-describedby={error ? 'permitType-error' : undefined}
            >
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--l">
                <h1 className="govuk-fieldset__heading">{t('applicant.apply.title')}</h1>
              </legend>
              {error ? (
                <p id="permitType-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
                </p>
              ) : null}
              <div className="govuk-radios" data-module="govuk-radios">
                {(types ?? []).map((type, n) => {
                  const id = n === 0 ? 'permitType' : `permitType-${n}`;
                  const description = text(type.descriptions);
                  const lang = type.names[language] ? undefined : 'en';
                  return (
                    <div className="govuk-radios__item" key={type.code}>
                      <input
                        className="govuk-radios__input"
                        id={id}
                        name="permitType"
                        type="radio"
                        value={type.code}
                        checked={chosen === type.code}
                        onChange={() => setChosen(type.code)}
                        aria-describedby={description ? `${id}-hint` : undefined}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={id} lang={lang}>
                        {text(type.names) ?? type.code}
                      </label>
                      {description ? (
                        <div
                          id={`${id}-hint`}
                          className="govuk-hint govuk-radios__hint"
                          lang={type.descriptions[language] ? undefined : 'en'}
                        >
                          {description}
                        </div>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button">
            {t('applicant.apply.continue')}
          </button>
        </form>
      </div>
    </div>
  );
}
