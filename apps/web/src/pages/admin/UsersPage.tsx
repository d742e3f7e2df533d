import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { TextInput } from '../../components/TextInput';
import { usePageTitle } from '../../components/usePageTitle';
import { BackToAdmin, NotAdmin, problemErrors, useAdmin } from '../../components/admin/admin';
import { useI18n } from '../../i18n/i18n';

type StaffAccounts = components['schemas']['StaffAccountsDto'];
type StaffRole = StaffAccounts['twoFactorRoles'][number];
type User = components['schemas']['UserDto'];

const STAFF_ROLES: StaffRole[] = [
  'clerk',
  'supervisor',
  'inspector',
  'cashier',
  'auditor',
  'admin',
];

/**
 * Users and roles (`/api/v1/users`, `/api/v1/roles/{role}/two-factor`): the staff accounts,
 * a new staff account, deactivating one, and which roles must log in with a second factor.
 */
export function Component() {
  const { t, formatDate } = useI18n();
  const admin = useAdmin();
  const [staff, setStaff] = useState<StaffAccounts | undefined>();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole | ''>('');
  const [twoFactor, setTwoFactor] = useState<StaffRole[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle(t('admin.users.title'), errors.length > 0);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/users');
    if (!data) {
      setErrors([{ key: 'error.unavailable' }]);
      return;
    }
    setStaff(data);
    setTwoFactor(data.twoFactorRoles);
  }, []);

  useEffect(() => {
    if (admin) void load().catch(() => setErrors([{ key: 'error.unavailable' }]));
  }, [admin, load]);

  if (admin === undefined) return <p className="govuk-body">{t('page.loading')}</p>;
  if (!admin) return <NotAdmin path="/admin/users" title={t('admin.users.title')} />;

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const found: FieldError[] = [];
    if (!fullName.trim()) found.push({ field: 'full-name', message: t('admin.users.error.name') });
    if (!email.trim()) found.push({ field: 'user-email', message: t('admin.users.error.email') });
    if (password.length < 12)
      found.push({ field: 'user-password', message: t('admin.users.error.password') });
    if (!role) found.push({ field: 'role', message: t('admin.users.error.role') });
    setErrors(found);
    if (found.length > 0 || !role) return;
    const { data, error } = await api.POST('/api/v1/users', {
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { fullName: fullName.trim(), email: email.trim(), password, role },
    });
    if (!data) {
      setErrors(
        problemErrors(
          error,
          t,
          (f) =>
            ({
              fullName: 'full-name',
              email: 'user-email',
              password: 'user-password',
              role: 'role',
            })[f],
        ),
      );
      return;
    }
    setFullName('');
    setEmail('');
    setPassword('');
    setRole('');
    // The change is made whether or not the page manages to read the list again.
    await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    setNotice(t('admin.users.created', { name: data.fullName }));
  };

  const deactivate = async (user: User) => {
    setNotice(undefined);
    const { response, error } = await api.POST('/api/v1/users/{id}/deactivate', {
      params: { path: { id: user.id } },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    if (response.status !== 204) {
      setErrors(problemErrors(error, t));
      return;
    }
    setErrors([]);
    // The change is made whether or not the page manages to read the list again.
    await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    setNotice(t('admin.users.deactivated', { name: user.fullName }));
  };

  const saveTwoFactor = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    for (const r of STAFF_ROLES) {
      const required = twoFactor.includes(r);
      if (required === staff?.twoFactorRoles.includes(r)) continue;
      const { response, error } = await api.PUT('/api/v1/roles/{role}/two-factor', {
        params: { path: { role: r } },
        body: { required },
      });
      if (response.status !== 204) {
        setErrors(problemErrors(error, t));
        return;
      }
    }
    setErrors([]);
    // The change is made whether or not the page manages to read the list again.
    await load().catch(() => setErrors([{ key: 'error.unavailable' }]));
    setNotice(t('admin.users.twoFactorSaved'));
  };

  return (
    <>
      <BackToAdmin />
      <ErrorSummary errors={errors} />
      {notice ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t('admin.users.title')}</h1>
      <h2 className="govuk-heading-m">{t('admin.users.staff')}</h2>
      {staff === undefined ? <p className="govuk-body">{t('page.loading')}</p> : null}
      <ul className="govuk-list">
        {staff?.items.map((user) => (
          <li key={user.id} className="civic-section">
            <h3 className="govuk-heading-s">{user.fullName}</h3>
            <dl className="govuk-summary-list govuk-summary-list--no-border">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('admin.users.email')}</dt>
                <dd className="govuk-summary-list__value civic-break">{user.email}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('admin.users.role')}</dt>
                <dd className="govuk-summary-list__value">{t(`admin.role.${user.role}`)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{t('complaints.myReports.status')}</dt>
                <dd className="govuk-summary-list__value">
                  {t(`admin.users.status.${user.status}`)} ·{' '}
                  {t('admin.users.since', { date: formatDate(user.createdAt) })}
                </dd>
              </div>
            </dl>
            {user.status === 'active' ? (
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                onClick={() => void deactivate(user)}
              >
                {t('admin.users.deactivate', { name: user.fullName })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>

      <form noValidate onSubmit={(event) => void create(event)} className="civic-section">
        <h2 className="govuk-heading-m">{t('admin.users.create')}</h2>
        <TextInput
          id="full-name"
          label={t('admin.users.fullName')}
          autoComplete="off"
          value={fullName}
          onChange={(event) => setFullName(event.target.value)}
          error={errorOf('full-name')}
        />
        <TextInput
          id="user-email"
          label={t('admin.users.email')}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errorOf('user-email')}
        />
        <TextInput
          id="user-password"
          label={t('admin.users.password')}
          hint={t('admin.users.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errorOf('user-password')}
        />
        <div className={`govuk-form-group${errorOf('role') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="role">
            {t('admin.users.role')}
          </label>
          {errorOf('role') ? (
            <p id="role-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">{t('error.prefix')}</span> {errorOf('role')}
            </p>
          ) : null}
          <select
            id="role"
            name="role"
            className={`govuk-select${errorOf('role') ? ' govuk-select--error' : ''}`}
            aria-describedby={errorOf('role') ? 'role-error' : undefined}
            value={role}
            onChange={(event) => setRole(event.target.value as StaffRole)}
          >
            <option value="">{t('complaints.case.choose')}</option>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button">
          {t('admin.users.createButton')}
        </button>
      </form>

      <form noValidate onSubmit={(event) => void saveTwoFactor(event)} className="civic-section">
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="two-factor-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">{t('admin.users.twoFactor')}</h2>
            </legend>
            <div id="two-factor-hint" className="govuk-hint">
              {t('admin.users.twoFactorHint')}
            </div>
            <div className="govuk-checkboxes govuk-checkboxes--small">
              {STAFF_ROLES.map((r) => (
                <div className="govuk-checkboxes__item" key={r}>
                  <input
                    className="govuk-checkboxes__input"
                    id={`two-factor-${r}`}
                    name="two-factor"
                    type="checkbox"
                    value={r}
                    checked={twoFactor.includes(r)}
                    onChange={(event) =>
                      setTwoFactor((previous) =>
                        event.target.checked
                          ? [...previous, r]
                          : previous.filter((other) => other !== r),
                      )
                    }
                  />
                  <label
                    className="govuk-label govuk-checkboxes__label"
                    htmlFor={`two-factor-${r}`}
                  >
                    {t(`admin.role.${r}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('admin.users.twoFactorSave')}
        </button>
      </form>
    </>
  );
}
