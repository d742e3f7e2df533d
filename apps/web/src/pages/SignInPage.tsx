import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, problemCode } from '../api/client';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';

/**
 * Sign in: email and password, then the authenticator's code when the account has two-factor
 * login (the gateway answers 401 IDENTITY.TOTP_REQUIRED). The password stays in this
 * component's state until the code step is done, and nowhere else.
 */
export function Component() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<'credentials' | 'code'>('credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const heading = step === 'credentials' ? t('signIn.title') : t('signIn.codeTitle');
  usePageTitle(heading, errors.length > 0);

  // The code step replaces the form in place: the keyboard's focus goes to its one field.
  useEffect(() => {
    if (step === 'code') document.getElementById('code')?.focus();
  }, [step]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (step === 'credentials') {
      if (!email.trim()) found.push({ field: 'email', message: t('signIn.error.emailMissing') });
      if (!password) found.push({ field: 'password', message: t('signIn.error.passwordMissing') });
    } else if (!/^\d{6}$/.test(code.trim())) {
      found.push({ field: 'code', message: t('signIn.error.codeFormat') });
    }
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/api/v1/auth/login', {
        body: { email: email.trim(), password, ...(step === 'code' ? { totp: code.trim() } : {}) },
      });
      if (data) {
        setPassword('');
        await signedIn(data);
        await navigate(params.get('next')?.startsWith('/') ? (params.get('next') ?? '/') : '/');
        return;
      }
      const problem = problemCode(error);
      if (problem === 'IDENTITY.TOTP_REQUIRED') {
        setStep('code');
        setErrors([]);
      } else if (problem === 'IDENTITY.INVALID_TOTP') {
        setErrors([{ field: 'code', message: t('signIn.error.codeWrong') }]);
      } else if (problem === 'IDENTITY.INVALID_CREDENTIALS') {
        setStep('credentials');
        setErrors([{ field: 'email', message: t('signIn.error.invalid') }]);
      } else if (response.status === 429) {
        setErrors([{ message: t('signIn.error.locked') }]);
      } else {
        setErrors([{ key: 'error.unavailable' }]);
      }
    } catch {
      setErrors([{ key: 'error.unavailable' }]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {params.get('signedOut') && step === 'credentials' && errors.length === 0 ? (
          <div
            className="govuk-notification-banner govuk-notification-banner--success"
            role="status"
          >
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{t('signIn.signedOut')}</p>
            </div>
          </div>
        ) : null}
        <h1 className="govuk-heading-l">{heading}</h1>
        <form noValidate onSubmit={(event) => void submit(event)}>
          {step === 'credentials' ? (
            <>
              <TextInput
                id="email"
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                spellCheck={false}
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                error={errorOf('email')}
              />
              <TextInput
                id="password"
                label={t('signIn.password')}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                error={errorOf('password')}
              />
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('signIn.button')}
              </button>
            </>
          ) : (
            <>
              <TextInput
                id="code"
                label={t('signIn.code')}
                hint={t('signIn.codeHint')}
                inputMode="numeric"
                autoComplete="one-time-code"
                spellCheck={false}
                widthClass="govuk-input--width-10"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                error={errorOf('code')}
              />
              <button type="submit" className="govuk-button" disabled={busy}>
                {t('signIn.continue')}
              </button>
            </>
          )}
        </form>
        {step === 'credentials' ? (
          <p className="govuk-body">
            <Link
              className="govuk-link"
              to={
                params.get('next')
                  ? `/register?next=${encodeURIComponent(params.get('next') ?? '')}`
                  : '/register'
              }
            >
              {t('applicant.register.link')}
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
