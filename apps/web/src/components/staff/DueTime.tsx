import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { durationText } from './duration';

/** The present, again every minute (the countdowns move on while the page is open). */
export const useNow = (): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};

/**
 * A due time as a countdown ("Due in 2 days", "Overdue by 3 hours") with the instant itself;
 * a held case's clock is stopped, so it is never overdue.
 */
export function DueTime({
  dueAt,
  overdue,
  onHold,
  now,
}: {
  dueAt: string | null;
  overdue?: boolean;
  onHold?: boolean;
  now: number;
}) {
  const { t, language, formatDateTime } = useI18n();
  if (onHold) return <>{t('staff.due.stopped')}</>;
  if (!dueAt) return <>{t('staff.due.none')}</>;
  const left = new Date(dueAt).getTime() - now;
  const late = overdue === true || left < 0;
  return (
    <>
      {late ? (
        <strong className="govuk-tag govuk-tag--red">
          {t('staff.due.overdue', { duration: durationText(left, language) })}
        </strong>
      ) : (
        <span>{t('staff.due.in', { duration: durationText(left, language) })}</span>
      )}
      <span className="govuk-body-s civic-due-at">
        <time dateTime={dueAt}>{formatDateTime(new Date(dueAt))}</time>
      </span>
    </>
  );
}
