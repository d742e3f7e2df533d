import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { usePageTitle } from '../../components/usePageTitle';
import { BackToAdmin, NotAdmin, problemErrors, useAdmin } from '../../components/admin/admin';
import { JsonField, parseJson } from '../../components/admin/JsonField';
import { useI18n } from '../../i18n/i18n';

type PermitType = components['schemas']['PermitTypeView'];
type Definition = components['schemas']['PermitTypeDefinitionInput'];

/**
 * Permit types (`/api/v1/permit-types`): the types with their version in force, and for one type
 * a new version — its form schema (JSON Schema) and fee rule edited as JSON, checked by the
 * permits service (`PUT /api/v1/permit-types/{code}`), whose refusals show beside each field.
 */
export function Component() {
  const { code } = useParams();
  return code ? <EditPermitType key={code} code={code} /> : <PermitTypes />;
}

function PermitTypes() {
  const { t, language } = useI18n();
  const admin = useAdmin();
  const [types, setTypes] = useState<PermitType[] | undefined>();
  const [failed, setFailed] = useState(false);
  usePageTitle(t('admin.types.title'), failed);
  useEffect(() => {
    if (!admin) return;
    void api
      .GET('/api/v1/permit-types')
      .then(({ data }) => (data ? setTypes(data.items) : setFailed(true)))
      .catch(() => setFailed(true));
  }, [admin]);
  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin/permit-types" title={t('admin.types.title')} />;
  return (
    <>
      <BackToAdmin />
      <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
      <h1 className="govuk-heading-l">{t('admin.types.title')}</h1>
      <p className="govuk-body">{t('admin.types.lead')}</p>
      {types === undefined && !failed ? <p className="govuk-body">{t('page.loading')}</p> : null}
      <ul className="govuk-list">
        {types?.map((type) => (
          <li key={type.code} className="civic-section">
            <h2 className="govuk-heading-s">
              <Link className="govuk-link" to={`/admin/permit-types/${type.code}`}>
                {type.definition.names?.[language] ?? type.definition.names?.en ?? type.code}
              </Link>
            </h2>
            <p className="govuk-body-s">
              {t('admin.types.version', { code: type.code, version: type.currentVersion })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function EditPermitType({ code }: { code: string }) {
  const { t, language } = useI18n();
  const admin = useAdmin();
  const [type, setType] = useState<PermitType | null | undefined>();
  const [formSchema, setFormSchema] = useState('');
  const [fee, setFee] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const name = type
    ? (type.definition.names?.[language] ?? type.definition.names?.en ?? code)
    : code;
  usePageTitle(t('admin.types.editTitle', { name }), errors.length > 0 || loadFailed);

  useEffect(() => {
    if (!admin) return;
    void api
      .GET('/api/v1/permit-types/{code}', { params: { path: { code } } })
      .then(({ data }) => {
        setType(data ?? null);
        if (data) {
          setFormSchema(pretty(data.definition.formSchema));
          setFee(pretty(data.definition.fee));
        }
      })
      .catch(() => setLoadFailed(true));
    // Not on a change of language: the fields hold the admin's unsaved edits.
  }, [admin, code]);

  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin)
    return <NotAdmin path={`/admin/permit-types/${code}`} title={t('admin.types.title')} />;
  if (type === null)
    return (
      <>
        <BackToAdmin />
        <h1 className="govuk-heading-l">{t('admin.types.notFound', { code })}</h1>
      </>
    );

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (!type) return;
    setNotice(undefined);
    const schema = parseJson(formSchema);
    const rule = parseJson(fee);
    const found: FieldError[] = [];
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      found.push({
        field: 'form-schema',
        message: t('admin.json.object', { field: t('admin.types.formSchema') }),
      });
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
      found.push({
        field: 'fee-rule',
        message: t('admin.json.object', { field: t('admin.types.fee') }),
      });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const definition = {
        ...type.definition,
        formSchema: schema as Definition['formSchema'],
        fee: rule as Definition['fee'],
      };
      const { data, error } = await api.PUT('/api/v1/permit-types/{code}', {
        params: { path: { code } },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: definition,
      });
      if (!data) {
        setErrors(
          problemErrors(error, t, (f) =>
            f.startsWith('formSchema')
              ? 'form-schema'
              : f.startsWith('fee')
                ? 'fee-rule'
                : undefined,
          ),
        );
        return;
      }
      setType(data);
      setFormSchema(pretty(data.definition.formSchema));
      setFee(pretty(data.definition.fee));
      setErrors([]);
      setNotice(t('admin.types.published', { name, version: data.currentVersion }));
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) =>
    errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join(' ') || undefined;

  return (
    <>
      <Link className="govuk-back-link" to="/admin/permit-types">
        {t('admin.types.back')}
      </Link>
      <ErrorSummary errors={loadFailed ? [{ key: 'error.unavailable' }, ...errors] : errors} />
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('admin.types.editTitle', { name })}</h1>
      {type ? (
        <p className="govuk-body">{t('admin.types.inForce', { version: type.currentVersion })}</p>
      ) : (
        <p className="govuk-body">{t('page.loading')}</p>
      )}
      {type ? (
        <form noValidate onSubmit={(event) => void publish(event)}>
          <JsonField
            id="form-schema"
            label={t('admin.types.formSchema')}
            hint={t('admin.types.formSchemaHint')}
            value={formSchema}
            onChange={setFormSchema}
            error={errorOf('form-schema')}
            rows={20}
          />
          <JsonField
            id="fee-rule"
            label={t('admin.types.fee')}
            hint={t('admin.types.feeHint')}
            value={fee}
            onChange={setFee}
            error={errorOf('fee-rule')}
            rows={12}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('admin.types.publish')}
          </button>
        </form>
      ) : null}
    </>
  );
}
