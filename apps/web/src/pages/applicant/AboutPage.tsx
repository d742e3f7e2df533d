import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, problemCode, type Problem } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { usePermitTypeName } from '../../components/usePermitTypeName';
import { newKey } from '../../components/applicant/format';
import { SignedInOnly } from '../../components/applicant/SignedInOnly';
import { useApplication } from '../../components/applicant/useApplication';
import { useI18n } from '../../i18n/i18n';
import { returnTo } from './navigation';

/**
 * The application's title and site: the first question of a new application (`/apply/:type`,
 * which drafts it: POST /api/v1/applications) and its change page (`/applications/:id/about`,
 * PATCH). Server field errors map to their field.
 */
export function Component() {
  return (
    <SignedInOnly>
      <About />
    </SignedInOnly>
  );
}

const SERVER_FIELDS: Record<string, 'title' | 'address'> = {
  title: 'title',
  site: 'address',
  'site.address': 'address',
};

function About() {
  const { t } = useI18n();
  const { type, id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const typeName = usePermitTypeName();
  const { application, failed } = useApplication(id);
  const [title, setTitle] = useState('');
  const [address, setAddress] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  usePageTitle(t('applicant.about.title'), errors.length > 0 || failed);

  useEffect(() => {
    if (application) {
      setTitle(application.title);
      setAddress(application.site.address);
    }
  }, [application]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!title.trim())
      found.push({ field: 'title', message: t('applicant.about.error.titleMissing') });
    else if (title.trim().length > 200)
      found.push({ field: 'title', message: t('applicant.about.error.titleLong') });
    if (!address.trim())
      found.push({ field: 'address', message: t('applicant.about.error.addressMissing') });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const body = { title: title.trim(), site: { address: address.trim() } };
      const answer = id
        ? await api.PATCH('/api/v1/applications/{id}', { params: { path: { id } }, body })
        : await api.POST('/api/v1/applications', {
            params: { header: { 'Idempotency-Key': key.current } },
            body: { ...body, permitType: type ?? '', details: {}, quantities: {} },
          });
      if (answer.data) {
        await navigate(returnTo(params, `/applications/${answer.data.id}/task-list`));
        return;
      }
      const code = problemCode(answer.error);
      const mapped = ((answer.error as Problem | undefined)?.errors ?? []).flatMap((e) => {
        const field = SERVER_FIELDS[e.field];
        return field
          ? [
              {
                field,
                message: t(
                  field === 'title'
                    ? 'applicant.about.error.titleInvalid'
                    : 'applicant.about.error.addressInvalid',
                ),
              },
            ]
          : [];
      });
      setErrors(
        mapped.length
          ? mapped
          : [
              {
                message:
                  code === 'PERMITS.APPLICATION_NOT_EDITABLE'
                    ? t('applicant.task.error.notEditable')
                    : t('error.unavailable'),
              },
            ],
      );
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const code = type ?? application?.permitType;
  // Changing a draft: its answers first (the inputs are shown filled).
  if (id && !application)
    return (
      <>
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : []} />
        <h1 className="govuk-heading-l">{t('applicant.about.title')}</h1>
        {failed ? null : <p className="govuk-body">{t('page.loading')}</p>}
      </>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={failed ? [{ key: 'error.unavailable' }] : errors} />
        {code ? <span className="govuk-caption-l">{typeName(code)}</span> : null}
        <h1 className="govuk-heading-l">{t('applicant.about.title')}</h1>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <TextInput
            id="title"
            label={t('applicant.about.titleLabel')}
            hint={t('applicant.about.titleHint')}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={errorOf('title')}
          />
          <TextInput
            id="address"
            label={t('applicant.about.address')}
            hint={t('applicant.about.addressHint')}
            autoComplete="street-address"
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            error={errorOf('address')}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>
              {t('applicant.task.saveContinue')}
            </button>
            {id ? (
              <Link className="govuk-link" to={`/applications/${id}/task-list`}>
                {t('applicant.task.backToList')}
              </Link>
            ) : null}
          </div>
        </form>
      </div>
    </div>
  );
}
