import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, problemCode } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { CityMap, type Point } from '../../components/complaints/CityMap';
import { Radios } from '../../components/complaints/Radios';
import { useCityMap, useComplaintServices } from '../../components/complaints/complaints-data';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

type Definition = components['schemas']['ServiceDefinitionView'];
type Attribute = Definition['attributes'][number];
type Answers = Record<string, string | string[]>;

const MAX_DESCRIPTION = 4000;
/** The id of an attribute's field (its first option for a list). */
const fieldId = (code: string) => `attribute-${code}`;

/**
 * Report a problem (`POST /api/v1/complaints`, multipart with the optional photo): the service,
 * its questions, a description, the place by address (the gazetteer) or on the city's map, and
 * a photo. Signed-in citizens only; the report is theirs to follow at /complaints.
 */
export function Component() {
  const { t, language } = useI18n();
  const { session } = useSession();
  const navigate = useNavigate();
  const services = useComplaintServices();
  const cityMap = useCityMap();
  const [serviceCode, setServiceCode] = useState('');
  const [definition, setDefinition] = useState<Definition | undefined>();
  const [answers, setAnswers] = useState<Answers>({});
  const [description, setDescription] = useState('');
  const [where, setWhere] = useState<'' | 'address' | 'map'>('');
  const [address, setAddress] = useState('');
  const [point, setPoint] = useState<Point | undefined>();
  const [photo, setPhoto] = useState<File | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  usePageTitle(t('complaints.report.title'), errors.length > 0);

  useEffect(() => {
    if (!serviceCode) return;
    let current = true;
    void api
      .GET('/api/v1/complaints/services/{serviceCode}', {
        params: { path: { serviceCode }, query: { lang: language } },
      })
      .then(({ data }) => current && setDefinition(data))
      .catch(() => current && setErrors([{ key: 'error.unavailable' }]));
    return () => {
      current = false;
    };
  }, [serviceCode, language]);

  if (session.status === 'loading') return <p className="govuk-body">{t('page.loading')}</p>;
  if (session.status === 'anonymous') return <Navigate to="/sign-in?next=/report" replace />;
  if (session.user.role !== 'citizen')
    return (
      <>
        <h1 className="govuk-heading-l">{t('complaints.report.title')}</h1>
        <p className="govuk-body">{t('complaints.report.citizensOnly')}</p>
      </>
    );

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const setAnswer = (code: string, value: string | string[]) =>
    setAnswers((previous) => ({ ...previous, [code]: value }));

  const check = (): FieldError[] => {
    const found: FieldError[] = [];
    if (!serviceCode)
      found.push({ field: 'service', message: t('complaints.report.error.service') });
    for (const a of definition?.attributes ?? []) {
      const value = answers[a.code];
      const empty = value === undefined || value.length === 0;
      if (a.required && empty)
        found.push({
          field: fieldId(a.code),
          message: t('complaints.report.error.attributeMissing', { question: a.description }),
        });
      else if (!empty && a.datatype === 'number' && !/^-?\d+([.,]\d+)?$/.test(String(value)))
        found.push({
          field: fieldId(a.code),
          message: t('complaints.report.error.attributeNumber', { question: a.description }),
        });
    }
    if (description.length > MAX_DESCRIPTION)
      found.push({
        field: 'description',
        message: t('complaints.report.error.descriptionLong', { max: MAX_DESCRIPTION }),
      });
    if (!where) found.push({ field: 'where', message: t('complaints.report.error.where') });
    else if (where === 'address' && !address.trim())
      found.push({ field: 'address', message: t('complaints.report.error.addressMissing') });
    else if (where === 'map' && !point)
      found.push({ field: 'map', message: t('complaints.report.error.mapMissing') });
    return found;
  };

  /** The API's refusal, beside the field it names. */
  const fromProblem = (error: unknown, status: number): FieldError[] => {
    const code = problemCode(error);
    const field =
      typeof error === 'object' && error !== null && 'errors' in error
        ? (error as { errors?: { field: string }[] }).errors?.[0]?.field
        : undefined;
    if (code === 'COMPLAINTS.ADDRESS_NOT_FOUND')
      return [{ field: 'address', message: t('complaints.report.error.addressUnknown') }];
    if (code === 'COMPLAINTS.OUTSIDE_BOUNDARY')
      return [
        where === 'map'
          ? { field: 'map', message: t('complaints.report.error.outside') }
          : { field: 'address', message: t('complaints.report.error.outside') },
      ];
    if (code?.startsWith('COMPLAINTS.ATTRIBUTE_') && field) {
      const attribute = field.replace(/^attribute\[(.*)\]$/, '$1');
      const question = definition?.attributes.find((a) => a.code === attribute)?.description;
      return [
        {
          field: fieldId(attribute),
          message: t('complaints.report.error.attributeInvalid', {
            question: question ?? attribute,
          }),
        },
      ];
    }
    if (status === 413)
      return [{ field: 'photo', message: t('complaints.report.error.photoLarge') }];
    if (status === 415)
      return [{ field: 'photo', message: t('complaints.report.error.photoType') }];
    return [{ key: 'error.unavailable' }];
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (found.length > 0) return;
    const form = new FormData();
    form.append('serviceCode', serviceCode);
    if (where === 'map' && point) {
      form.append('lat', String(point.lat));
      form.append('long', String(point.long));
    } else form.append('addressString', address.trim());
    for (const [code, value] of Object.entries(answers)) {
      const attribute = definition?.attributes.find((a) => a.code === code);
      if (!attribute) continue;
      for (const one of Array.isArray(value) ? value : [value])
        if (one !== '')
          form.append(
            `attribute[${code}]`,
            attribute.datatype === 'datetime' ? new Date(one).toISOString() : one.replace(',', '.'),
          );
    }
    if (description.trim()) form.append('description', description.trim());
    if (photo) form.append('media', photo);
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/api/v1/complaints', {
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
        headers: { 'idempotency-key': idempotencyKey.current },
      });
      if (data) {
        await navigate(`/complaints/${data.serviceRequestId}?filed=1`);
        return;
      }
      idempotencyKey.current = crypto.randomUUID();
      setErrors(fromProblem(error, response.status));
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{t('complaints.report.title')}</h1>
        <p className="govuk-body">{t('complaints.report.lead')}</p>
        <form noValidate onSubmit={(event) => void submit(event)}>
          {services === undefined ? <p className="govuk-body">{t('page.loading')}</p> : null}
          {services === null ? <p className="govuk-body">{t('error.unavailable')}</p> : null}
          {services ? (
            <Radios
              name="service"
              legend={t('complaints.report.service')}
              legendClass="govuk-fieldset__legend--m"
              error={errorOf('service')}
              value={serviceCode}
              onChange={(code) => {
                setServiceCode(code);
                setDefinition(undefined);
                setAnswers({});
              }}
              options={services.map((s) => ({
                value: s.serviceCode,
                label: s.serviceName,
                hint: s.description,
              }))}
            />
          ) : null}

          {definition && definition.serviceCode === serviceCode
            ? definition.attributes.map((a) => (
                <Question
                  key={a.code}
                  attribute={a}
                  value={answers[a.code]}
                  error={errorOf(fieldId(a.code))}
                  onChange={(value) => setAnswer(a.code, value)}
                />
              ))
            : null}

          <div
            className={`govuk-form-group${errorOf('description') ? ' govuk-form-group--error' : ''}`}
          >
            <label className="govuk-label govuk-label--m" htmlFor="description">
              {t('complaints.report.description')}
            </label>
            <div id="description-hint" className="govuk-hint">
              {t('complaints.report.descriptionHint', { max: MAX_DESCRIPTION })}
            </div>
            {errorOf('description') ? (
              <p id="description-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">{t('error.prefix')}</span>{' '}
                {errorOf('description')}
              </p>
            ) : null}
            <textarea
              id="description"
              name="description"
              rows={5}
              className={`govuk-textarea${errorOf('description') ? ' govuk-textarea--error' : ''}`}
              aria-describedby={`description-hint${errorOf('description') ? ' description-error' : ''}`}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </div>

          <Radios
            name="where"
            legend={t('complaints.report.where')}
            legendClass="govuk-fieldset__legend--m"
            hint={t('complaints.report.whereHint')}
            error={errorOf('where')}
            value={where}
            onChange={(value) => setWhere(value as 'address' | 'map')}
            options={[
              { value: 'address', label: t('complaints.report.where.address') },
              { value: 'map', label: t('complaints.report.where.map') },
            ]}
          />
          {where === 'address' ? (
            <TextInput
              id="address"
              label={t('complaints.report.address')}
              hint={t('complaints.report.addressHint')}
              autoComplete="street-address"
              value={address}
              onChange={(event) => setAddress(event.target.value)}
              error={errorOf('address')}
            />
          ) : null}
          {where === 'map' ? (
            <div className={`govuk-form-group${errorOf('map') ? ' govuk-form-group--error' : ''}`}>
              <h2 className="govuk-heading-s" id="map-label">
                {t('complaints.report.mapHeading')}
              </h2>
              {errorOf('map') ? (
                <p id="map-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">{t('error.prefix')}</span>{' '}
                  {errorOf('map')}
                </p>
              ) : null}
              {cityMap ? (
                <div id="map" tabIndex={-1} className="civic-map__focus">
                  <CityMap
                    data={cityMap}
                    point={point}
                    onPick={setPoint}
                    label={t('complaints.report.mapLabel')}
                    describedBy={errorOf('map') ? 'map-error' : undefined}
                  />
                </div>
              ) : (
                <p className="govuk-body">
                  {cityMap === null ? t('error.unavailable') : t('page.loading')}
                </p>
              )}
              <p className="govuk-body">{t('complaints.report.mapAlternative')}</p>
            </div>
          ) : null}

          <div className={`govuk-form-group${errorOf('photo') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--m" htmlFor="photo">
              {t('complaints.report.photo')}
            </label>
            <div id="photo-hint" className="govuk-hint">
              {t('complaints.report.photoHint')}
            </div>
            {errorOf('photo') ? (
              <p id="photo-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">{t('error.prefix')}</span>{' '}
                {errorOf('photo')}
              </p>
            ) : null}
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/gif"
              className={`govuk-file-upload${errorOf('photo') ? ' govuk-file-upload--error' : ''}`}
              aria-describedby={`photo-hint${errorOf('photo') ? ' photo-error' : ''}`}
              onChange={(event) => setPhoto(event.target.files?.[0])}
            />
          </div>

          <button type="submit" className="govuk-button" disabled={busy}>
            {t('complaints.report.send')}
          </button>
        </form>
      </div>
    </div>
  );
}

/** One of the service's questions, by its Open311 datatype. */
function Question({
  attribute: a,
  value,
  error,
  onChange,
}: {
  attribute: Attribute;
  value: string | string[] | undefined;
  error?: string;
  onChange: (value: string | string[]) => void;
}) {
  const { t } = useI18n();
  const id = fieldId(a.code);
  const label = a.required
    ? a.description
    : t('complaints.report.optional', { question: a.description });
  if (a.datatype === 'singlevaluelist')
    return (
      <Radios
        name={id}
        legend={label}
        legendClass="govuk-fieldset__legend--s"
        error={error}
        value={typeof value === 'string' ? value : ''}
        onChange={onChange}
        options={a.values.map((v) => ({ value: v.key, label: v.name }))}
      />
    );
  if (a.datatype === 'multivaluelist') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" aria-describedby={error ? `${id}-error` : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
          {error ? (
            <p id={`${id}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
            </p>
          ) : null}
          <div className="govuk-checkboxes govuk-checkboxes--small">
            {a.values.map((v, i) => (
              <div className="govuk-checkboxes__item" key={v.key}>
                <input
                  className="govuk-checkboxes__input"
                  id={i === 0 ? id : `${id}-${v.key}`}
                  name={id}
                  type="checkbox"
                  value={v.key}
                  checked={chosen.includes(v.key)}
                  onChange={(event) =>
                    onChange(
                      event.target.checked
                        ? [...chosen, v.key]
                        : chosen.filter((key) => key !== v.key),
                    )
                  }
                />
                <label
                  className="govuk-label govuk-checkboxes__label"
                  htmlFor={i === 0 ? id : `${id}-${v.key}`}
                >
                  {v.name}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  }
  if (a.datatype === 'text')
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        {error ? (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">{t('error.prefix')}</span> {error}
          </p>
        ) : null}
        <textarea
          id={id}
          name={id}
          rows={3}
          className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
          aria-describedby={error ? `${id}-error` : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    );
  return (
    <TextInput
      id={id}
      label={label}
      type={a.datatype === 'datetime' ? 'datetime-local' : 'text'}
      inputMode={a.datatype === 'number' ? 'decimal' : undefined}
      widthClass={a.datatype === 'number' ? 'govuk-input--width-5' : undefined}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
