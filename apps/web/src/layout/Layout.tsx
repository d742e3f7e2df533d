import { Suspense, useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { LANGUAGES, useI18n, type Language } from '../i18n/i18n';
import { useSession } from '../session/session';
import { complaintsNavItems } from '../components/complaints/nav';
import { staffNavigation } from './staff-navigation';

/**
 * Every page's frame, after the GOV.UK template: skip link, a header with the service
 * navigation and the language switcher, the main region (focused after each navigation so a
 * screen reader announces the new page), a footer.
 */
export function Layout() {
  const { t, language, setLanguage } = useI18n();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const items = [
    { to: '/', label: t('nav.start'), end: true },
    ...(session.status === 'signed-in' && session.user.role === 'citizen'
      ? [{ to: '/applications', label: t('nav.applications'), end: false }]
      : []),
    ...complaintsNavItems(session, t),
    ...staffNavigation(session.status === 'signed-in' ? session.user.role : undefined, t),
    { to: '/verify', label: t('nav.verify'), end: false },
    ...(session.status === 'signed-in' && session.user.role === 'auditor'
      ? [{ to: '/audit', label: t('audit.nav'), end: false }]
      : []),
    ...(session.status === 'signed-in' && ['cashier', 'supervisor'].includes(session.user.role)
      ? [{ to: '/cashier', label: t('cashier.nav'), end: false }]
      : []),
    { to: '/dashboard', label: t('dashboard.nav'), end: false },
  ];

  // To the sign-in page first: a page for signed-in people would otherwise send them there
  // itself, to sign in again, when the session ends under it.
  const onSignOut = async () => {
    await navigate('/sign-in?signedOut=1');
    await signOut();
  };

  return (
    <>
      <a
        href="#main-content"
        className="govuk-skip-link"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('skip.link')}
      </a>
      <header className="govuk-service-navigation civic-header" role="banner">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">
                {t('service.name')}
              </Link>
            </span>
            <nav aria-label={t('nav.label')} className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((item) => (
                  <NavItem key={item.to} {...item} />
                ))}
                <li className="govuk-service-navigation__item">
                  {session.status === 'signed-in' ? (
                    <button
                      type="button"
                      className="govuk-service-navigation__link civic-link-button"
                      onClick={() => void onSignOut()}
                    >
                      {t('nav.signOut')}
                    </button>
                  ) : (
                    <Link className="govuk-service-navigation__link" to="/sign-in">
                      {t('nav.signIn')}
                    </Link>
                  )}
                </li>
              </ul>
            </nav>
          </div>
        </div>
      </header>
      <div className="govuk-width-container">
        <nav className="civic-language" aria-label={t('language.label')}>
          <ul className="govuk-list civic-language__list">
            {(Object.keys(LANGUAGES) as Language[]).map((code) => (
              <li key={code} className="civic-language__item">
                {code === language ? (
                  <span
                    aria-current="true"
                    lang={code}
                    className="govuk-body-s civic-language__current"
                  >
                    {LANGUAGES[code]}
                  </span>
                ) : (
                  <button
                    type="button"
                    lang={code}
                    className="govuk-link govuk-body-s civic-link-button"
                    onClick={() => setLanguage(code)}
                  >
                    {LANGUAGES[code]}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1} ref={main}>
          <Suspense fallback={<p className="govuk-body">{t('page.loading')}</p>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <p className="govuk-body-s">{t('footer.text')}</p>
        </div>
      </footer>
    </>
  );
}

/** A service navigation item; the current page's is marked (aria-current and in bold). */
function NavItem({ to, label, end }: { to: string; label: string; end: boolean }) {
  const active = useMatch({ path: to, end }) !== null;
  return (
    <li
      className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
    >
      <Link
        className="govuk-service-navigation__link"
        to={to}
        aria-current={active ? 'page' : undefined}
      >
        {active ? (
          <strong className="govuk-service-navigation__active-fallback">{label}</strong>
        ) : (
          label
        )}
      </Link>
    </li>
  );
}

/** Shown while the first page's code loads. */
export function Loading() {
  const { t } = useI18n();
  return <p className="govuk-body">{t('page.loading')}</p>;
}
