import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type PermitVerification } from '../api/client';
import { PermitProofPanel } from '../components/audit/PermitProofPanel';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { usePageTitle } from '../components/usePageTitle';
import { usePermitTypeName } from '../components/usePermitTypeName';
import { useI18n } from '../i18n/i18n';

/** A permit number as the API takes it (its path parameter's pattern). */
const PERMIT_NUMBER = /^[A-Z]{1,6}-P-\d{4}-\d{6,}$/;

type Result =
  { kind: 'found'; permit: PermitVerification; at: Date } | { kind: 'not-found'; number: string };

const TAGS: Record<PermitVerification['status'], string> = {
  valid: 'govuk-tag--green',
  expired: 'govuk-tag--grey',
  revoked: 'govuk-tag--red',
};

/**
 * Public verification of a permit by its number (GET /api/v1/permits/{permitNumber}), for
 * anyone. The number is in the address (?number=), so a result can be shared; the page says
 * exactly what was checked: the register's answer, at what time, and the permit's proof from
 * the audit log, checked in the browser against the log keys pinned in the build.
 */
export function Component() {
  const { t, formatDate, formatDateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const [value, setValue] = useState(number);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<Result | undefined>();
  const typeName = usePermitTypeName();
  const heading =
    result?.kind === 'found'
      ? t('verify.resultTitle', { number: result.permit.permitNumber })
      : t('verify.title');
  usePageTitle(heading, errors.length > 0);

  useEffect(() => {
    setResult(undefined);
    if (!PERMIT_NUMBER.test(number)) return;
    let current = true;
    api
      .GET('/api/v1/permits/{permitNumber}', { params: { path: { permitNumber: number } } })
      .then(({ data, response }) => {
        if (!current) return;
        if (data) setResult({ kind: 'found', permit: data, at: new Date() });
        else if (response.status === 404) setResult({ kind: 'not-found', number });
        else setErrors([{ key: 'error.unavailable' }]);
      })
      .catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [number]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = value.trim().toUpperCase();
    if (!typed) return setErrors([{ field: 'number', message: t('verify.error.missing') }]);
    if (!PERMIT_NUMBER.test(typed))
      return setErrors([{ field: 'number', message: t('verify.error.format') }]);
    setErrors([]);
    setParams({ number: typed });
  };

  if (result?.kind === 'found') {
    const { permit, at } = result;
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{heading}</h1>
          <dl className="govuk-summary-list">
            <Row label={t('verify.status')}>
              <strong className={`govuk-tag ${TAGS[permit.status]}`}>
                {t(`verify.status.${permit.status}`)}
              </strong>
            </Row>
            <Row label={t('verify.type')}>
              {t('verify.typeValue', {
                type: typeName(permit.permitType),
                version: permit.typeVersion,
              })}
            </Row>
            <Row label={t('verify.validFrom')}>{formatDate(permit.validFrom)}</Row>
            <Row label={t('verify.validUntil')}>{formatDate(permit.validUntil)}</Row>
            <Row label={t('verify.holder')}>{permit.holderName ?? t('verify.holderHidden')}</Row>
          </dl>
          <h2 className="govuk-heading-m">{t('verify.whatHeading')}</h2>
          <p className="govuk-body">{t('verify.what', { time: formatDateTime(at) })}</p>
          <PermitProofPanel permitNumber={permit.permitNumber} />
          <p className="govuk-body">
            <Link className="govuk-link" to="/verify">
              {t('verify.again')}
            </Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{heading}</h1>
        {result?.kind === 'not-found' ? (
          <div className="govuk-inset-text" role="status">
            {t('verify.notFound', { number: result.number })}
          </div>
        ) : null}
        <p className="govuk-body">{t('verify.lead')}</p>
        <form noValidate onSubmit={submit}>
          <TextInput
            id="number"
            label={t('verify.number')}
            hint={t('verify.numberHint')}
            widthClass="govuk-input--width-20"
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            error={errors.find((e) => e.field === 'number')?.message}
          />
          <button type="submit" className="govuk-button">
            {t('verify.button')}
          </button>
        </form>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
