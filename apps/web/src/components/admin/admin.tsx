import '../complaints/complaints.css';
import { Link, Navigate } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import type { FieldError } from '../ErrorSummary';

/**
 * The admin pages' guard: undefined while the session loads, else whether an admin is signed
 * in. Anybody else is sent to sign in (signed out) or told the page is for admins.
 */
export function useAdmin(): boolean | undefined {
  const { session } = useSession();
  if (session.status === 'loading') return undefined;
  return session.status === 'signed-in' && session.user.role === 'admin';
}

/** What a non-admin sees instead of an admin page. */
export function NotAdmin({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (session.status === 'anonymous')
    return <Navigate to={`/sign-in?next=${encodeURIComponent(path)}`} replace />;
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{t('admin.only')}</p>
    </>
  );
}

/** The admin area's way back. */
export function BackToAdmin() {
  const { t } = useI18n();
  return (
    <Link className="govuk-back-link" to="/admin">
      {t('admin.back')}
    </Link>
  );
}

interface Problem {
  code?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * A refusal of the API as errors for the summary: each field the problem names (its message is
 * the API's, in English, framed by a translated sentence), linked to `fieldFor(field)` when the
 * page has that field; else the problem's own detail.
 */
export function problemErrors(
  error: unknown,
  t: ReturnType<typeof useI18n>['t'],
  fieldFor: (field: string) => string | undefined = () => undefined,
): FieldError[] {
  const problem = (typeof error === 'object' && error !== null ? error : {}) as Problem;
  if (problem.errors?.length)
    return problem.errors.map((e) => ({
      ...(fieldFor(e.field) ? { field: fieldFor(e.field) } : {}),
      message: t('admin.serverError', { field: e.field, message: e.message }),
    }));
  if (problem.code)
    return [
      { message: t('admin.serverProblem', { code: problem.code, detail: problem.detail ?? '' }) },
    ];
  return [{ key: 'error.unavailable' }];
}
