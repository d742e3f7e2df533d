import type { Translate } from '../../i18n/i18n';
import type { SessionState } from '../../session/session';

/**
 * The service navigation's items for complaints and the admin pages: a citizen reports a problem
 * and follows their reports, complaints staff work the queue, an admin reaches the admin pages.
 */
export const complaintsNavItems = (
  session: SessionState,
  t: Translate,
): { to: string; label: string; end: boolean }[] => {
  if (session.status !== 'signed-in') return [];
  const role = session.user.role;
  return [
    ...(role === 'citizen'
      ? [
          { to: '/report', label: t('complaints.nav.report'), end: true },
          { to: '/complaints', label: t('complaints.nav.reports'), end: false },
        ]
      : []),
    ...(role === 'clerk' || role === 'supervisor' || role === 'admin'
      ? [{ to: '/staff/complaints', label: t('complaints.nav.queue'), end: false }]
      : []),
    ...(role === 'admin' ? [{ to: '/admin', label: t('admin.nav'), end: false }] : []),
  ];
};
