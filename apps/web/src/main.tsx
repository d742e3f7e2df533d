import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { I18nProvider, initialLanguage, loadLanguage } from './i18n/i18n';
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
      { path: 'register', lazy: () => import('./pages/applicant/RegisterPage') },
      { path: 'apply', lazy: () => import('./pages/applicant/ChooseTypePage') },
      { path: 'apply/:type', lazy: () => import('./pages/applicant/AboutPage') },
      { path: 'applications/:id', lazy: () => import('./pages/applicant/StatusPage') },
      { path: 'applications/:id/about', lazy: () => import('./pages/applicant/AboutPage') },
      { path: 'applications/:id/task-list', lazy: () => import('./pages/applicant/TaskListPage') },
      { path: 'applications/:id/details/:page', lazy: () => import('./pages/applicant/FormPage') },
      { path: 'applications/:id/quantities', lazy: () => import('./pages/applicant/FormPage') },
      { path: 'applications/:id/documents', lazy: () => import('./pages/applicant/DocumentsPage') },
      { path: 'applications/:id/check', lazy: () => import('./pages/applicant/CheckAnswersPage') },
      { path: 'applications/:id/withdraw', lazy: () => import('./pages/applicant/WithdrawPage') },
      {
        path: 'payments/:paymentId/return',
        lazy: () => import('./pages/applicant/PaymentReturnPage'),
      },
      { path: 'verify', lazy: () => import('./pages/VerifyPermitPage') },
      { path: 'report', lazy: () => import('./pages/complaints/ReportPage') },
      { path: 'complaints', lazy: () => import('./pages/complaints/MyReportsPage') },
      { path: 'complaints/:id', lazy: () => import('./pages/complaints/MyReportPage') },
      { path: 'staff/complaints', lazy: () => import('./pages/complaints/StaffQueuePage') },
      { path: 'staff/complaints/:id', lazy: () => import('./pages/complaints/StaffCasePage') },
      { path: 'admin', lazy: () => import('./pages/admin/AdminPage') },
      { path: 'admin/users', lazy: () => import('./pages/admin/UsersPage') },
      { path: 'admin/permit-types/:code?', lazy: () => import('./pages/admin/PermitTypesPage') },
      { path: 'admin/services/:code?', lazy: () => import('./pages/admin/ServicesPage') },
      { path: 'admin/calendar', lazy: () => import('./pages/admin/CalendarPage') },
      { path: 'admin/api-keys', lazy: () => import('./pages/admin/ApiKeysPage') },
      { path: 'dashboard', lazy: () => import('./pages/dashboard/DashboardPage') },
      { path: 'audit', lazy: () => import('./pages/audit/AuditSearchPage') },
      { path: 'audit/cases/:context/:id', lazy: () => import('./pages/audit/CaseTimelinePage') },
      { path: 'cashier', lazy: () => import('./pages/cashier/CashierHomePage') },
      { path: 'cashier/invoices', lazy: () => import('./pages/cashier/InvoicesPage') },
      {
        path: 'cashier/invoices/:id/adjust',
        lazy: () => import('./pages/cashier/ProposeAdjustmentPage'),
      },
      { path: 'cashier/payments', lazy: () => import('./pages/cashier/PaymentsPage') },
      { path: 'cashier/payments/:id', lazy: () => import('./pages/cashier/PaymentPage') },
      { path: 'cashier/refunds', lazy: () => import('./pages/cashier/RefundsPage') },
      { path: 'cashier/till', lazy: () => import('./pages/cashier/TillPage') },
      { path: 'cashier/adjustments', lazy: () => import('./pages/cashier/AdjustmentsPage') },
      { path: 'cashier/discrepancies', lazy: () => import('./pages/cashier/DiscrepanciesPage') },
      { path: 'cashier/discrepancies/:id', lazy: () => import('./pages/cashier/DiscrepancyPage') },
      { path: 'work', lazy: () => import('./pages/staff/WorkQueuePage') },
      { path: 'work/cases/:id', lazy: () => import('./pages/staff/CasePage') },
      { path: 'inspections', lazy: () => import('./pages/staff/InspectionsPage') },
      { path: 'inspections/:id', lazy: () => import('./pages/staff/InspectionPage') },
      { path: '*', lazy: () => import('./pages/NotFoundPage') },
    ],
  },
]);

document.body.classList.add('js-enabled');
const root = document.getElementById('root');
// The stored language's texts first (a chunk of their own unless English); English if they
// cannot be loaded.
if (root)
  void loadLanguage(initialLanguage())
    .catch(() => undefined)
    .then(() =>
      createRoot(root).render(
        <StrictMode>
          <I18nProvider>
            <SessionProvider>
              <RouterProvider router={router} />
            </SessionProvider>
          </I18nProvider>
        </StrictMode>,
      ),
    );
