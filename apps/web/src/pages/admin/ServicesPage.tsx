import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { BackToAdmin, NotAdmin, problemErrors, useAdmin } from '../../components/admin/admin';
import { JsonField, parseJson } from '../../components/admin/JsonField';
import { useI18n } from '../../i18n/i18n';

type Service = components['schemas']['ServicePutRequest'];

/** A new service's starting point: every field the catalogue needs. */
const NEW_SERVICE: Service = {
  serviceCode: 'new-service',
  groupCode: 'streets',
  departmentCode: 'roads',
  priority: 'normal',
  names: { en: 'New service', hi: 'नई सेवा' },
  descriptions: { en: 'What this service is for.', hi: 'यह सेवा किसलिए है।' },
  keywords: [],
  triageDays: 1,
  resolutionDays: 10,
  reopenWindowDays: 14,
  duplicateRadiusMetres: 100,
  duplicateWindowDays: 14,
  active: false,
  attributes: [],
};

/**
 * The complaints service catalogue (`/api/v1/complaints/catalogue`): every service, active or
 * not, with its names; a service edited (or a new one written) as JSON and put back whole,
 * checked by the complaints service, whose refusals show beside the field.
 */
export function Component() {
  const { code } = useParams();
  return code ? <EditService key={code} code={code} /> : <Services />;
}

function useCatalogue(admin: boolean | undefined) {
  const [services, setServices] = useState<Service[] | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!admin) return;
    void api
      .GET('/api/v1/complaints/catalogue')
      .then(({ data }) => (data ? setServices(data) : setFailed(true)))
      .catch(() => setFailed(true));
  }, [admin]);
  return { services, failed };
}

function Services() {
  const { t, language } = useI18n();
  const admin = useAdmin();
  const { services, failed } = useCatalogue(admin);
  usePageTitle(t('admin.services.title'), failed);
  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin/services" title={t('admin.services.title')} />;
  return (
    <>
      <BackToAdmin />
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('admin.services.title')}</h1>
      <p className="govuk-body">{t('admin.services.lead')}</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/services/new">
          {t('admin.services.add')}
        </Link>
      </p>
      {services === undefined && !failed ? <p className="govuk-body">{t('page.loading')}</p> : null}
      <ul className="govuk-list">
        {services?.map((s) => (
          <li key={s.serviceCode} className="civic-section">
            <h2 className="govuk-heading-s">
              <Link className="govuk-link" to={`/admin/services/${s.serviceCode}`}>
                {s.names[language] ?? s.names.en ?? s.serviceCode}
              </Link>{' '}
              {s.active ? null : (
                <strong className="govuk-tag govuk-tag--grey">
                  {t('admin.services.inactive')}
                </strong>
              )}
            </h2>
            <p className="govuk-body-s">
              {t('admin.services.facts', {
                code: s.serviceCode,
                department: s.departmentCode,
                triage: s.triageDays,
                resolution: s.resolutionDays,
              })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function EditService({ code }: { code: string }) {
  const { t, language } = useI18n();
  const admin = useAdmin();
  const navigate = useNavigate();
  const creating = code === 'new';
  const { services, failed } = useCatalogue(admin);
  const found = services?.find((s) => s.serviceCode === code);
  const [text, setText] = useState<string | undefined>(
    creating ? JSON.stringify(NEW_SERVICE, null, 2) : undefined,
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const name = creating
    ? t('admin.services.new')
    : (found?.names[language] ?? found?.names.en ?? code);
  const heading = creating ? name : t('admin.services.editTitle', { name });
  usePageTitle(heading, errors.length > 0 || failed);

  useEffect(() => {
    if (found && text === undefined) setText(JSON.stringify(found, null, 2));
  }, [found, text]);

  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin)
    return <NotAdmin path={`/admin/services/${code}`} title={t('admin.services.title')} />;
  if (!creating && services && !found)
    return (
      <>
        <BackToAdmin />
        <h1 className="govuk-heading-l">{t('admin.services.notFound', { code })}</h1>
      </>
    );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const service = parseJson(text ?? '') as Service | undefined;
    if (
      typeof service !== 'object' ||
      service === null ||
      Array.isArray(service) ||
      typeof service.serviceCode !== 'string' ||
      service.serviceCode === ''
    ) {
      setErrors([
        {
          field: 'service-json',
          message: t('admin.json.object', { field: t('admin.services.json') }),
        },
      ]);
      return;
    }
    if (!creating && service.serviceCode !== code) {
      setErrors([{ field: 'service-json', message: t('admin.services.error.code', { code }) }]);
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await api.PUT('/api/v1/complaints/catalogue/{serviceCode}', {
        params: { path: { serviceCode: service.serviceCode } },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: service,
      });
      if (!data) {
        setErrors(problemErrors(error, t, () => 'service-json'));
        return;
      }
      setErrors([]);
      if (creating) {
        await navigate(`/admin/services/${service.serviceCode}`);
        return;
      }
      setNotice(t('admin.services.saved', { code: service.serviceCode }));
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Link className="govuk-back-link" to="/admin/services">
        {t('admin.services.back')}
      </Link>
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : errors} />
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{heading}</h1>
      {text === undefined ? (
        <p className="govuk-body">{t('page.loading')}</p>
      ) : (
        <form noValidate onSubmit={(event) => void save(event)}>
          <JsonField
            id="service-json"
            label={t('admin.services.json')}
            hint={t('admin.services.jsonHint')}
            value={text}
            onChange={setText}
            error={
              errors
                .filter((e) => e.field === 'service-json')
                .map((e) => e.message)
                .join(' ') || undefined
            }
            rows={24}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('admin.services.save')}
          </button>
        </form>
      )}
    </>
  );
}
