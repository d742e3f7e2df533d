import { useEffect, useState } from 'react';
import { Navigate } from 'react-router';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';

/** Roles that work complaints (the gateway's and the service's rule). */
export const COMPLAINTS_STAFF = ['clerk', 'supervisor', 'admin'] as const;

/** Whether the signed-in person works complaints; undefined while the session loads. */
export function useComplaintsStaff(): boolean | undefined {
  const { session } = useSession();
  if (session.status === 'loading') return undefined;
  return (
    session.status === 'signed-in' &&
    (COMPLAINTS_STAFF as readonly string[]).includes(session.user.role)
  );
}

/** The current time, ticking every 30 s: countdowns stay true while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "in 3 hours" / "2 days ago" in the page's language. */
export function useRelativeTime(): (iso: string, now: number) => string {
  const { language } = useI18n();
  const format = new Intl.RelativeTimeFormat(language === 'hi' ? 'hi-IN' : 'en-GB', {
    numeric: 'auto',
  });
  return (iso, now) => {
    const seconds = (new Date(iso).getTime() - now) / 1000;
    const abs = Math.abs(seconds);
    if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
    if (abs < 86_400 * 2) return format.format(Math.round(seconds / 3600), 'hour');
    return format.format(Math.round(seconds / 86_400), 'day');
  };
}

/** When a case's running clock ends: triage while it waits for it, else the resolution. */
export const dueOf = (c: components['schemas']['ComplaintCaseView']): string | null =>
  c.externalStatusCode === 'for_triage' ? c.triageDueAt : c.expectedDatetime;

/** What someone who does not work complaints sees: signed out, the way to sign in. */
export function NotStaff({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (session.status !== 'signed-in')
    return <Navigate to={`/sign-in?next=${encodeURIComponent(path)}`} replace />;
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{t('complaints.staffOnly')}</p>
    </>
  );
}
