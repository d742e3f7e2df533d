import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { I18nProvider } from './i18n/i18n';
import { Layout, Loading } from './layout/Layout';
import { SessionProvider } from './session/session';

/** The web UI (docs/web.md): each page is its own chunk, loaded when its route is first used. */
const router = createBrowserRouter([
  {
    Component: Layout,
    HydrateFallback: Loading,
    children: [
      { index: true, lazy: () => import('./pages/StartPage') },
      { path: 'sign-in', lazy: () => import('./pages/SignInPage') },
      { path: 'applications', lazy: () => import('./pages/ApplicationsPage') },
      { path: 'verify', lazy: () => import('./pages/VerifyPermitPage') },
      { path: '*', lazy: () => import('./pages/NotFoundPage') },
    ],
  },
]);

document.body.classList.add('js-enabled');
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </StrictMode>,
  );
