import type { Translate } from '../i18n/i18n';

/** The staff's navigation items: the work queue for clerks and supervisors, the day for inspectors. */
export const staffNavigation = (
  role: string | undefined,
  t: Translate,
): { to: string; label: string; end: boolean }[] =>
  role === 'clerk' || role === 'supervisor'
    ? [{ to: '/work', label: t('staff.nav.work'), end: false }]
    : role === 'inspector'
      ? [{ to: '/inspections', label: t('staff.nav.inspections'), end: false }]
      : [];
