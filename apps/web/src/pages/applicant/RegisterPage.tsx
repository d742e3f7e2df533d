import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, problemCode } from '../../api/client';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { newKey } from '../../components/applicant/format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

const FIELDS = ['fullName', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Create a citizen account (POST /api/v1/auth/register), then sign in with it. Every error is
 * beside its field and summarised at the top; the gateway's field errors map to the fields.
 */
export function Component() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [values, setValues] = useState<Record<Field, string>>({
    fullName: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  usePageTitle(t('applicant.register.title'), errors.length > 0);

  const set = (field: Field) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!values.fullName.trim())
      found.push({ field: 'fullName', message: t('applicant.register.error.nameMissing') });
    if (!values.email.trim())
      found.push({ field: 'email', message: t('applicant.register.error.emailMissing') });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
      found.push({ field: 'email', message: t('applicant.register.error.emailFormat') });
    if (values.password.length < 12)
      found.push({ field: 'password', message: t('applicant.register.error.passwordShort') });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const body = {
        fullName: values.fullName.trim(),
        email: values.email.trim(),
        password: values.password,
      };
      const { data, error } = await api.POST('/api/v1/auth/register', {
        body,
        params: { header: { 'Idempotency-Key': key.current } },
      });
      if (!data) {
        const code = problemCode(error);
        if (code === 'IDENTITY.EMAIL_TAKEN')
          setErrors([{ field: 'email', message: t('applicant.register.error.emailTaken') }]);
        else if (code === 'VALIDATION_FAILED') {
          const fields = (error.errors ?? [])
            .map((e) => e.field)
            .filter((f): f is Field => (FIELDS as readonly string[]).includes(f));
          setErrors(
            fields.length
              ? [...new Set(fields)].map((field) => ({
                  field,
                  message: t(`applicant.register.error.${field}Invalid`),
                }))
              : [{ key: 'error.unavailable' }],
          );
        } else setErrors([{ key: 'error.unavailable' }]);
        return;
      }
      const login = await api.POST('/api/v1/auth/login', {
        body: { email: body.email, password: body.password },
      });
      if (!login.data) {
        await navigate('/sign-in');
        return;
      }
      setValues((previous) => ({ ...previous, password: '' }));
      await signedIn(login.data);
      const next = params.get('next');
      await navigate(next?.startsWith('/') ? next : '/applications');
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: Field) => errors.find((e) => e.field === field)?.message;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{t('applicant.register.title')}</h1>
        <p className="govuk-body">{t('applicant.register.lead')}</p>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <TextInput
            id="fullName"
            label={t('applicant.register.fullName')}
            autoComplete="name"
            spellCheck={false}
            value={values.fullName}
            onChange={set('fullName')}
            error={errorOf('fullName')}
          />
          <TextInput
            id="email"
            label={t('applicant.register.email')}
            hint={t('applicant.register.emailHint')}
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={values.email}
            onChange={set('email')}
            error={errorOf('email')}
          />
          <TextInput
            id="password"
            label={t('applicant.register.password')}
            hint={t('applicant.register.passwordHint')}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errorOf('password')}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('applicant.register.button')}
          </button>
        </form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            {t('applicant.register.haveAccount')}
          </Link>
        </p>
      </div>
    </div>
  );
}
