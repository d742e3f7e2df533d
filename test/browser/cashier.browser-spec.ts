/**
 * The cashier's pages in a real browser (issue 16): Debian's Chromium, headless, against the real
 * gateway (serving the built app) and payments service (with the payment sandbox process) on the
 * test PostgreSQL and NATS. Invoices are issued as a case's workflow issues them
 * (`payments.internal.invoice.create`, over NATS as the worker). A cashier opens a till, takes
 * an invoice's amount in cash, refunds part of it from the payment's page — first seeing the 412
 * of a payment that changed under the page — and closes the till with the cash counted; a
 * cashier proposes a waiver and a supervisor approves it; the lists filter. Every page: axe in
 * English and Hindi, 360 px, screenshots into artifacts/browser.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomPorts, startApps, type AppPorts, type RunningApps, ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { testAppEnvironment, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { call, type Gateway, expectStatus } from '../factories/gateway.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  PASSWORD,
  screenshot,
  signIn as signInThere,
} from './browser.js';

const HANG = 600_000;
const LANGUAGES = ['en', 'hi'] as const;
type Language = (typeof LANGUAGES)[number];

describe('cashier pages in Chromium', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let browser: Browser;
  let nc: NatsConnection;
  let base: string;
  let admin: Account;
  let payer: Account;

  /** A staff account with a known email, to sign in through the page. */
  const staff = async (role: 'cashier' | 'supervisor') => {
    const email = `${role}.${randomUUID().slice(0, 8)}@city.example`;
    const id = expectStatus(
      await call(gateway, 'POST', '/api/v1/users', {
        token: admin.token,
        body: { email, password: PASSWORD, fullName: `A ${role}`, role },
      }),
      201,
    ).id as string;
    const token = expectStatus(
      await call(gateway, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }),
      200,
    ).accessToken as string;
    return { email, id, token };
  };

  /** An invoice as a case's workflow issues it. */
  const anInvoice = async (amountMinor: number) =>
    runWithContext(
      { correlationId: randomUUID(), system: true, requestKey: `activity-${randomUUID()}` },
      () =>
        new ServiceClient(nc, 30_000).request('payments.internal.invoice.create', {
          payerAccountId: payer.id,
          caseRef: { context: 'permits', id: randomUUID() },
          purpose: 'application-fee',
          lines: [
            { revenueCode: 'permits.building', descriptionKey: 'fees.building', amountMinor },
          ],
          dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        }),
    );

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, {
          logLevel: 'warn',
          fileStorageDir: `${env.dataDir}/files-browser-cashier`,
        }),
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
      },
      ports,
      apps: ['gateway', 'payments'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    base = `http://localhost:${ports.gateway}`;
    nc = await connectNats({
      name: 'browser-cashier-worker',
      servers: env.natsUrl,
      auth: env.serviceNatsAuth('worker'),
    });
    admin = await anAccount(gateway, 'admin');
    payer = await anAccount(gateway, 'citizen');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await apps?.stop(20_000);
  }, 60_000);

  const newPage = async (
    language: Language,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 800 },
      locale: language === 'hi' ? 'hi-IN' : 'en-GB',
    });
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
    await context.addInitScript((lang) => localStorage.setItem('civic.language', lang), language);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };

  const check = async (page: Page, name: string, language: Language) => {
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
    await expectAccessible(page, `${name}-${language}`);
    await screenshot(page, `${name}-${language}`);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, `${name}-${language}-360`);
    if (size) await page.setViewportSize(size);
  };

  /** Opens `next` signed out, is sent to sign in, and signs in there. */
  const signIn = async (page: Page, email: string, next: string) => {
    await page.goto(`${base}${next}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInThere(page, base, email, next);
  };

  it.each(LANGUAGES)(
    'a cashier opens a till, takes a cash payment, refunds it (after a 412) and closes the till (%s)',
    async (language) => {
      const cashier = await staff('cashier');
      const invoice = (await anInvoice(12_500)) as { id: string };
      const { context, page, errors } = await newPage(language);
      const en = language === 'en';
      try {
        await signIn(page, cashier.email, '/cashier');
        await check(page, 'cashier-home', language);

        // The till: open it with a float of 50.00.
        await page.goto(`${base}/cashier/till`);
        await page.locator('#tillId').waitFor();
        await check(page, 'cashier-till-closed', language);
        await page.locator('#tillId').fill(`counter-${randomUUID().slice(0, 6)}`);
        await page.locator('#float').fill('50.00');
        await page.locator('form button[type=submit]').click();
        await page.locator('[data-testid=till-done]').waitFor();

        // Cash for the invoice (its id as the invoices page gives it).
        await page.locator('#invoiceId').fill(invoice.id);
        await page.locator('#method-cash').check();
        await page.getByRole('button', { name: en ? 'Take the payment' : 'भुगतान लें' }).click();
        await page
          .locator('[data-testid=till-done]')
          .getByText(en ? /Payment of .+ taken\./ : /भुगतान लिया गया/)
          .waitFor();
        await check(page, 'cashier-till-open', language);

        // The payment's page, then a refund made elsewhere meanwhile: the page's is refused 412.
        await page.locator('.govuk-notification-banner__link').click();
        await page.locator('#amount').waitFor();
        const paymentId = page.url().split('/').pop() as string;
        const session = (
          expectStatus(
            await call(gateway, 'GET', '/api/v1/till-sessions?status=open', {
              token: cashier.token,
            }),
            200,
          ).items as { id: string; cashierId: string }[]
        ).find((s) => s.cashierId === cashier.id) as { id: string };
        expectStatus(
          await call(gateway, 'POST', `/api/v1/payments/${paymentId}/refunds`, {
            token: cashier.token,
            headers: { 'idempotency-key': randomUUID() },
            body: {
              amount: 2_500,
              refundAmountAvailable: 12_500,
              reasonCode: 'overpayment',
              tillSessionId: session.id,
            },
          }),
          201,
        );
        await check(page, 'cashier-payment', language);
        await page.locator('#amount').fill('30.00');
        await page.locator('#reason').selectOption('fee_error');
        await page.locator('form button[type=submit]').click();
        await page.locator('#amount-error').waitFor();
        await expect(page.locator('#amount-error').textContent()).resolves.toContain(
          en ? 'The payment changed since this page was loaded' : 'भुगतान बदल गया',
        );
        await expect(page.locator('#amount-error').textContent()).resolves.toMatch(/100[.,]00/);
        await check(page, 'cashier-payment-412', language);

        // Again, with what the page now read: made, out of the till.
        await page.locator('form button[type=submit]').click();
        await page.locator('[data-testid=refund-done]').waitFor();
        await expect(page.locator('[data-testid=refund-done]').textContent()).resolves.toMatch(
          en ? /^Refund of .*30[.,]00 made\.$/ : /30[.,]00 की धनवापसी की गई।$/,
        );
        // The page shows the refund before it has read the payment again: the summary follows
        // that read (a page that never updated it would hang here until Jest's timeout).
        await page.locator('[data-testid=payment-summary]', { hasText: /70[.,]00/ }).waitFor();
        const summary = await page.locator('[data-testid=payment-summary]').textContent();
        expect(summary).toMatch(/70[.,]00/);
        await check(page, 'cashier-payment-refunded', language);

        // Close the till: 50 float + 125 cash - 25 - 30 paid out = 120 expected; 119 counted.
        await page.goto(`${base}/cashier/till`);
        await page.locator('#counted').waitFor();
        await expect(page.locator('#counted-hint').textContent()).resolves.toMatch(/120[.,]00/);
        await page.locator('#counted').fill('119.00');
        await page.getByRole('button', { name: en ? 'Close the till' : 'टिल बंद करें' }).click();
        await page.locator('[data-testid=till-done]').waitFor();
        await expect(page.locator('[data-testid=till-done]').textContent()).resolves.toMatch(
          en ? /^The till is closed\. It is .*1[.,]00 short\.$/ : /1[.,]00 कम है।$/,
        );
        await check(page, 'cashier-till-closed-count', language);

        // The lists, filtered.
        await page.goto(`${base}/cashier/invoices?status=paid`);
        await page.locator('[data-testid=invoices]').waitFor();
        await check(page, 'cashier-invoices', language);
        await page.goto(`${base}/cashier/payments?status=success`);
        await page.getByRole('link', { name: paymentId.slice(-8), exact: true }).waitFor();
        await check(page, 'cashier-payments', language);
        await page.goto(`${base}/cashier/refunds?status=success`);
        await page.locator('[data-testid=refunds]').waitFor();
        expect(
          await page
            .locator('[data-testid=refunds] tbody tr')
            .filter({ hasText: paymentId.slice(-8) })
            .count(),
        ).toBe(2);
        await check(page, 'cashier-refunds', language);
        await page.goto(`${base}/cashier/discrepancies`);
        await page.locator('#kind').waitFor();
        await check(page, 'cashier-discrepancies', language);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'a cashier resolves a reconciliation discrepancy with a note',
    async () => {
      const cashier = await staff('cashier');
      // A provider's settlement report naming a payment the ledger never saw: missing here.
      const reference = randomUUID();
      const csv = [
        'record_type,provider_reference,reference,payment_provider_reference,settled_at,currency,gross_minor,fee_minor,net_minor',
        `payment,pay_${reference.slice(0, 8)},${reference},pay_${reference.slice(0, 8)},${new Date().toISOString()},EUR,4200,42,4158`,
      ].join('\n');
      const form = new FormData();
      form.append('provider', 'sandbox');
      form.append('file', new Blob([`${csv}\n`], { type: 'text/csv' }), 'settlement.csv');
      const uploaded = await fetch(`${gateway.url}/api/v1/reconciliation/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cashier.token}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      // Hindi first: the English pass resolves it.
      for (const language of ['hi', 'en'] as const) {
        const { context, page, errors } = await newPage(language);
        try {
          await signIn(page, cashier.email, '/cashier/discrepancies?status=open&kind=missing_here');
          const row = page
            .locator('[data-testid=discrepancies] tbody tr')
            .filter({ hasText: reference });
          await row.waitFor();
          await check(page, 'cashier-discrepancies-open', language);
          if (language === 'en') {
            await row.getByRole('link').click();
            await page.locator('#note').waitFor();
            await page.locator('form button[type=submit]').click();
            await page.locator('#note-error').waitFor();
            await check(page, 'cashier-discrepancy-error', language);
            await page
              .locator('#note')
              .fill('Settled by the provider for another city; reported to them');
            await page.locator('form button[type=submit]').click();
            await page.locator('[data-testid=discrepancy]').getByText('Resolved').waitFor();
            await check(page, 'cashier-discrepancy-resolved', language);
          }
        } finally {
          await context.close();
        }
        expect(errors).toEqual([]);
      }
    },
    HANG,
  );

  it(
    'a cashier proposes a waiver; a supervisor who did not propose it approves it',
    async () => {
      const cashier = await staff('cashier');
      const supervisor = await staff('supervisor');
      const invoice = (await anInvoice(8_000)) as { id: string };
      for (const language of LANGUAGES) {
        const { context, page, errors } = await newPage(language);
        try {
          await signIn(page, cashier.email, `/cashier/invoices/${invoice.id}/adjust`);
          await page.locator('#reason').waitFor();
          await check(page, 'cashier-adjust', language);
          if (language === 'en') {
            await page.locator('#kind-reduction').check();
            await page.locator('form button[type=submit]').click();
            await page.locator('.govuk-error-summary').waitFor();
            await check(page, 'cashier-adjust-errors', language);
            await page.locator('#kind-waiver').check();
            await page.locator('#reason').selectOption('hardship');
            await page.locator('#note').fill('Registered charity, letter seen at the counter');
            await page.locator('form button[type=submit]').click();
            await page.locator('.govuk-panel').waitFor();
            await check(page, 'cashier-adjust-done', language);
          }
        } finally {
          await context.close();
        }
        expect(errors).toEqual([]);
      }
      for (const language of LANGUAGES) {
        const { context, page, errors } = await newPage(language);
        try {
          await signIn(page, supervisor.email, '/cashier/adjustments');
          const card = page
            .locator('[data-testid=adjustment]')
            .filter({ hasText: invoice.id.slice(-8) });
          await card.waitFor();
          await check(page, 'cashier-adjustments', language);
          if (language === 'hi') {
            await card.getByRole('button', { name: /स्वीकृत करें/ }).click();
            await page.locator('.govuk-notification-banner').waitFor();
            await check(page, 'cashier-adjustments-approved', language);
          }
        } finally {
          await context.close();
        }
        expect(errors).toEqual([]);
      }
      const after = expectStatus(
        await call(gateway, 'GET', `/api/v1/invoices/${invoice.id}`, { token: cashier.token }),
        200,
      );
      expect(after.status).toBe('waived');
    },
    HANG,
  );
});
