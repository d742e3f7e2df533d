/**
 * The applicant's whole journey in Chromium (issue 16), against the real gateway (serving the
 * built app), permits, payments, the payment sandbox's process, the worker and Temporal: the
 * applicant registers, applies through the form rendered from the type's JSON Schema (task
 * list, one question per page, check your answers with the server's field errors), uploads a
 * document (progress shown), submits, pays on the sandbox's hosted page with the test card and
 * returns; a clerk asks for changes through the real API, the applicant answers them item by
 * item in the browser and resubmits; the clerk approves; the applicant reads the timeline and
 * the messages, downloads the receipt and the certificate (PDFs), and withdraws another
 * application after a confirmation. Every page of the path is checked with axe-core in English
 * and Hindi, at 360 px, and photographed into artifacts/browser.
 *
 * The case's clocks run on a one-second working day (`PERMITS_WORKING_DAY_DURATION`), so the
 * completeness check's deadline passes by itself in a second.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApplicationView } from '#contracts';
import { randomPorts, startApps, type AppPorts, type RunningApps, ManagedProcess } from '#devstack';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { anAccount, type Account } from '../factories/accounts.js';
import { call, type Gateway, expectStatus } from '../factories/gateway.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  screenshot,
} from './browser.js';

const PASSWORD = 'correct horse battery staple';
/** Hang protection only (no test asserts on time): two shared cores may run it slowly. */
const HANG = 900_000;
/** Waits on the stack (hang protection only). */
const WAIT = 120_000;
const PAYS = '4242424242424242';
const typeName = { en: 'Shop sign permit', hi: 'दुकान के बोर्ड का परमिट' } as const;

/** A PDF of `size` bytes (a comment pads it): big enough for an upload to show its progress. */
const pdfOf = (size: number, text = 'plan'): Buffer => {
  const head = `%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\n%`;
  const tail = '\ntrailer <<>>\n%%EOF\n';
  return Buffer.concat([
    Buffer.from(head, 'latin1'),
    Buffer.alloc(Math.max(size - head.length - tail.length, 0), 'x'),
    Buffer.from(tail, 'latin1'),
  ]);
};

describe('the applicant’s journey in Chromium: apply, pay, answer changes, get the permit', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let browser: Browser;
  let base: string;
  let permitType: string;
  let clerk: Account;

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, {
          logLevel: 'warn',
          fileStorageDir: `${env.dataDir}/files-browser-applicant`,
        }),
        PERMITS_WORKING_DAY_DURATION: '1s',
        // The payer comes back to the page's own origin (`localhost`, where the session cookie is).
        PAYMENTS_RETURN_URL: `http://localhost:${ports.gateway}/payments/{paymentId}/return`,
        NATS_REQUEST_TIMEOUT_MS: '20000',
        PAYMENTS_SWEEP_INTERVAL_SECONDS: '1',
        PAYMENTS_RECHECK_AFTER_SECONDS: '2',
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
        SANDBOX_WEBHOOK_RETRY_BASE_MS: '100',
        SANDBOX_WEBHOOK_RETRY_MAX_MS: '1000',
        SANDBOX_POLL_MS: '200',
      },
      ports,
      apps: ['gateway', 'permits', 'payments', 'worker'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    base = `http://localhost:${ports.gateway}`;

    // A shop sign permit: a fee, a four-question form (asked one question per page), one
    // required document, no inspection; completeness is confirmed by its deadline (1 s).
    const admin = await anAccount(gateway, 'admin');
    clerk = await anAccount(gateway, 'clerk');
    permitType = `sign-${randomUUID().slice(0, 8)}`;
    expectStatus(
      await call(gateway, 'POST', '/api/v1/permit-types', {
        token: admin.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          ...BUILDING_PERMIT,
          code: permitType,
          prefix: Array.from({ length: 4 }, () =>
            String.fromCharCode(65 + Math.floor(Math.random() * 26)),
          ).join(''),
          names: typeName,
          descriptions: { en: 'A sign above a shop front.' },
          documentKinds: [
            {
              kind: 'site_plan',
              names: { en: 'Drawing of the sign', hi: 'बोर्ड का चित्र' },
              required: true,
              contentTypes: ['application/pdf'],
              maxBytes: 5_000_000,
            },
          ],
          formSchema: {
            type: 'object',
            properties: {
              description: {
                type: 'string',
                minLength: 1,
                maxLength: 2000,
                title: 'What the sign shows',
              },
              width_cm: { type: 'integer', minimum: 1, maximum: 1000, title: 'Width in cm' },
              lit: { type: 'boolean', title: 'Is the sign lit at night?' },
              material: { type: 'string', enum: ['wood', 'metal', 'plastic'], title: 'Material' },
            },
            required: ['description', 'width_cm', 'material'],
            additionalProperties: false,
          },
          quantities: [
            {
              code: 'floor_area_m2',
              names: { en: 'Area of the sign', hi: 'बोर्ड का क्षेत्रफल' },
              unit: 'm2',
              required: true,
              max: 100,
            },
          ],
          fee: {
            currency: 'EUR',
            base: {
              amountMinor: 5_000,
              revenueCode: 'permits.signs',
              descriptionKey: 'fees.signs',
            },
            perUnit: [],
          },
          paymentDays: 300,
          completenessCheckDays: 1,
          reviewDays: 300,
          remedy: 'escalate',
          inspection: { required: false, maxReinspections: 0 },
          approval: {},
          validity: { months: 12 },
        },
      }),
      201,
    );
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await apps?.stop(20_000);
  }, 60_000);

  const newPage = async (): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 800 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    // Hang protection only (a step that never comes fails where it waited, not at HANG).
    context.setDefaultTimeout(WAIT);
    context.setDefaultNavigationTimeout(WAIT);
    await context.addInitScript(() => localStorage.setItem('civic.language', 'en'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };

  /** One h1, the language, axe, 360 px without horizontal scrolling, screenshots. */
  const checkIn = async (page: Page, name: string, language: 'en' | 'hi') => {
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
    await expectAccessible(page, `${name}-${language}`);
    await screenshot(page, `applicant-${name}-${language}`);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, `applicant-${name}-${language}-360`);
    if (size) await page.setViewportSize(size);
  };

  /** The page as it stands in English, then in Hindi (the switcher), then back in English. */
  const check = async (page: Page, name: string) => {
    await checkIn(page, name, 'en');
    await page.locator('nav.civic-language button').click();
    await page.locator('html[lang=hi]').waitFor({ state: 'attached' });
    await checkIn(page, name, 'hi');
    await page.locator('nav.civic-language button').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
  };

  const h1 = (page: Page) => page.locator('h1').textContent();

  const pdfBytes = async (download: Download): Promise<Buffer> => readFile(await download.path());

  /** Clicks `button` and answers the file the page hands the browser. */
  const downloaded = async (page: Page, click: () => Promise<void>): Promise<Buffer> => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    return pdfBytes(download);
  };

  const viewOf = async (token: string, id: string): Promise<ApplicationView> =>
    expectStatus(
      await call(gateway, 'GET', `/api/v1/applications/${id}`, { token }),
      200,
    ) as unknown as ApplicationView;

  const until = (
    token: string,
    id: string,
    predicate: (view: ApplicationView) => boolean,
    what: string,
  ): Promise<ApplicationView> =>
    eventually(
      async () => {
        const view = await viewOf(token, id);
        return predicate(view) ? view : undefined;
      },
      WAIT,
      `${id}: ${what}`,
    );

  /**
   * A clerk's step through the API, asked again while the case's workflow has not caught up
   * with its table (409: the step is not allowed yet from what the workflow has seen).
   */
  const asClerk = (path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> =>
    eventually(
      async () => {
        const reply = await call(gateway, 'POST', path, {
          token: clerk.token,
          headers: { 'idempotency-key': randomUUID() },
          body,
        });
        if (reply.status === 409) return undefined;
        return expectStatus(reply, reply.status === 201 ? 201 : 200);
      },
      WAIT,
      `clerk: ${path}`,
    );

  it(
    'registers, applies, uploads, submits, pays, answers a change request, downloads the receipt and certificate, withdraws another',
    async () => {
      const { context, page, errors } = await newPage();
      const email = `applicant.${randomUUID().slice(0, 8)}@example.org`;
      try {
        // ---- Register, from the sign-in page --------------------------------------------
        await page.goto(`${base}/sign-in`);
        await page.locator('a[href="/register"]').click();
        await page.waitForURL(`${base}/register`);
        await page.locator('#fullName').waitFor();
        await check(page, 'register');
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-error-summary').waitFor();
        expect(await page.locator('.govuk-error-summary li').count()).toBe(3);
        await expect(page.locator('#password-error').textContent()).resolves.toContain(
          'at least 12 characters',
        );
        await check(page, 'register-errors');
        await page.locator('#fullName').fill('Meera Applicant');
        await page.locator('#email').fill(email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications`);
        await page.getByText('You have no applications yet.').waitFor();
        await check(page, 'applications-empty');
        // The applicant's own token, for reading the case through the API while it moves.
        const token = expectStatus(
          await call(gateway, 'POST', '/api/v1/auth/login', {
            body: { email, password: PASSWORD },
          }),
          200,
        ).accessToken as string;

        // ---- Start an application: the type, then its title and site ---------------------
        await page.getByRole('link', { name: 'Start a new application' }).click();
        await page.waitForURL(`${base}/apply`);
        await page.getByLabel(typeName.en).waitFor();
        await check(page, 'choose-type');
        await page.locator('form button[type=submit]').click();
        await page.locator('#permitType-error').waitFor();
        await page.getByLabel(typeName.en).check();
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/apply/${permitType}`);
        await page.locator('#title').waitFor();
        await check(page, 'about');
        await page.locator('#title').fill('Sign for the bakery');
        await page.locator('#address').fill('12 Market Street');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(/\/applications\/[0-9a-f-]+\/task-list$/);
        const id = /applications\/([0-9a-f-]+)\/task-list/.exec(page.url())?.[1] ?? '';
        await page.locator('.govuk-task-list').waitFor();
        await expect(page.locator('.govuk-task-list__status').allTextContents()).resolves.toEqual([
          'Completed',
          'Not yet started',
          'Not yet started',
          'Not yet started',
          'Cannot start yet',
        ]);
        await check(page, 'task-list');

        // ---- The form from the JSON Schema: one question per page -------------------------
        await page.getByRole('link', { name: 'Your answers' }).click();
        await page.waitForURL(`${base}/applications/${id}/details/0`);
        await page.locator('#details-description').waitFor();
        expect(await h1(page)).toBe('What the sign shows');
        await page.locator('form button[type=submit]').click();
        await page.locator('#details-description-error').waitFor();
        await check(page, 'question-error');
        await page.locator('#details-description').fill('The bakery’s name in gold letters');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications/${id}/details/1`);
        await page.locator('#details-width_cm').fill('wide');
        await page.locator('form button[type=submit]').click();
        await expect(page.locator('#details-width_cm-error').textContent()).resolves.toContain(
          'Width in cm must be a number',
        );
        await page.locator('#details-width_cm').fill('240');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications/${id}/details/2`);
        await page.getByLabel('metal').check();
        await page.locator('form button[type=submit]').click();
        // The optional question comes after the required ones.
        await page.waitForURL(`${base}/applications/${id}/details/3`);
        await page.getByLabel('Yes').check();
        await check(page, 'question-boolean');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications/${id}/task-list`);
        await page.getByRole('link', { name: 'Sizes and numbers' }).click();
        await page.locator('#quantities-floor_area_m2').fill('3');
        await check(page, 'quantities');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications/${id}/task-list`);

        // ---- Submitting without the document: the server's errors on their rows -----------
        await page.goto(`${base}/applications/${id}/check`);
        await page.getByRole('button', { name: 'Accept and send' }).click();
        await page.locator('.govuk-error-summary').waitFor();
        await expect(page.locator('.govuk-error-summary li').allTextContents()).resolves.toEqual([
          'Upload Drawing of the sign',
        ]);
        await expect(
          page.locator('#row-documents-site_plan .govuk-error-message').textContent(),
        ).resolves.toContain('Upload Drawing of the sign');
        await check(page, 'check-errors');
        await page.locator('.govuk-error-summary a').click();
        await expect(page.evaluate('document.activeElement?.id')).resolves.toBe(
          'row-documents-site_plan',
        );

        // ---- Documents: checked before sending, then uploaded with its progress ------------
        await page
          .locator('#row-documents-site_plan')
          .getByRole('link', { name: /Change/ })
          .click();
        await page.waitForURL(new RegExp(`/applications/${id}/documents`));
        await page.locator('#file-site_plan').waitFor();
        await page.locator('#file-site_plan').setInputFiles({
          name: 'notes.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('not a drawing'),
        });
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        await expect(page.locator('#file-site_plan-error').textContent()).resolves.toContain(
          'one of these formats: PDF',
        );
        await check(page, 'documents-error');
        // A slow connection (DevTools' network emulation), so the bar moves in view.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 20,
          downloadThroughput: -1,
          uploadThroughput: 64 * 1024,
        });
        await page.locator('#file-site_plan').setInputFiles({
          name: 'sign.pdf',
          mimeType: 'application/pdf',
          buffer: pdfOf(400_000),
        });
        // Every value the bar shows, as the page changes it.
        await page.evaluate(
          `window.civicProgress = [];
           new MutationObserver(() => {
             const bar = document.querySelector('progress');
             if (bar) window.civicProgress.push(Number(bar.value));
           }).observe(document.body, {
             subtree: true, childList: true, characterData: true, attributes: true,
           });`,
        );
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        await page.getByText('Upload complete').waitFor();
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
        await expect(page.locator('progress').getAttribute('value')).resolves.toBe('100');
        const shown = await page.evaluate<number[]>('window.civicProgress');
        // The bar moved: values between none and all were shown before the end.
        expect(shown.some((value) => value > 0 && value < 100)).toBe(true);
        expect(shown.at(-1)).toBe(100);
        await page.getByRole('button', { name: 'sign.pdf' }).waitFor();
        await check(page, 'documents');

        // ---- Check your answers, then submit -------------------------------------------
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(`${base}/applications/${id}/check`);
        await page.getByText('The bakery’s name in gold letters').waitFor();
        await expect(page.locator('.govuk-summary-list__row').allInnerTexts()).resolves.toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^Width in cm\s+240\s/),
            expect.stringMatching(/^Material\s+metal\s/),
            expect.stringMatching(/^Is the sign lit at night\?\s+Yes\s/),
            expect.stringMatching(/sign\.pdf/),
          ]),
        );
        await page.getByText('The fee for this application is €50.00').waitFor();
        await check(page, 'check');
        await page.getByRole('button', { name: 'Accept and send' }).click();
        await page.waitForURL(`${base}/applications/${id}?submitted=1`);
        await page.locator('.govuk-panel--confirmation').waitFor();
        const submitted = await viewOf(token, id);
        expect(submitted.caseNumber).toMatch(/^[A-Z]{4}-\d{4}-\d{6}$/);
        await expect(page.locator('.govuk-panel__body').textContent()).resolves.toContain(
          submitted.caseNumber,
        );
        await check(page, 'status-submitted');

        // ---- Pay the fee on the sandbox's hosted page and come back ---------------------
        await until(token, id, (v) => v.status === 'awaiting_payment' && !!v.invoiceId, 'fee due');
        await page.goto(`${base}/applications/${id}`);
        const payButton = page.getByRole('button', { name: 'Pay €50.00 now' });
        await payButton.waitFor();
        await check(page, 'status-pay');
        await payButton.click();
        await page.waitForURL((url) => url.port === String(ports.paymentSandbox));
        await page.locator('input[name=card_number]').fill(PAYS);
        await page.locator('input[name=expiry_month]').fill('12');
        await page
          .locator('input[name=expiry_year]')
          .fill(String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0'));
        await page.locator('input[name=cvc]').fill('123');
        await page.locator('input[name=cardholder_name]').fill('Meera Applicant');
        await page.locator('button.pay').click();
        await page.waitForURL(new RegExp(`^${base}/payments/[0-9a-f-]+/return$`));
        await page.getByText('Payment received').waitFor();
        await page.getByText('You have paid €50.00').waitFor();
        await check(page, 'payment-return');
        const receipt = await downloaded(page, () =>
          page.getByRole('button', { name: 'Download your receipt (PDF)' }).click(),
        );
        expect(receipt.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        await page.getByRole('link', { name: 'Go to your application' }).click();
        await page.waitForURL(`${base}/applications/${id}`);

        // ---- A clerk asks for changes (the real API) -------------------------------------
        await until(token, id, (v) => v.status === 'under_review', 'under review');
        await asClerk(`/api/v1/tasks/${id}/claim`, {});
        await asClerk(`/api/v1/applications/${id}/decisions`, {
          decision: 'request_changes',
          reasonCode: 'sign_too_wide',
          note: 'The sign may be at most 200 cm wide. Please send a new drawing.',
          revisionItems: [
            { key: 'field:width_cm', note: 'At most 200 cm' },
            { key: 'document:site_plan' },
          ],
        });
        expectStatus(
          await call(gateway, 'POST', `/api/v1/applications/${id}/messages`, {
            token: clerk.token,
            headers: { 'idempotency-key': randomUUID() },
            body: { body: 'Call us if anything is unclear.' },
          }),
          201,
        );
        await until(token, id, (v) => v.status === 'changes_requested', 'changes requested');

        // ---- The applicant answers item by item and resubmits ---------------------------
        await page.reload();
        await page.getByText('The sign may be at most 200 cm wide.').first().waitFor();
        await page.locator('.govuk-task-list__item').nth(1).waitFor();
        const items = await page.locator('.govuk-task-list__item').allInnerTexts();
        expect(items).toHaveLength(2);
        expect(items).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/Change your answer: Width in cm\s+To do/),
            expect.stringMatching(/Upload a new Drawing of the sign\s+To do/),
          ]),
        );
        await page.getByText('Call us if anything is unclear.').waitFor();
        await check(page, 'status-changes');
        await page.getByRole('link', { name: 'Change your answer: Width in cm' }).click();
        await page.waitForURL(new RegExp(`/applications/${id}/details/1\\?return=`));
        await expect(page.locator('#details-width_cm').inputValue()).resolves.toBe('240');
        await page.locator('#details-width_cm').fill('180');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications/${id}`);
        await page.getByRole('link', { name: 'Upload a new Drawing of the sign' }).click();
        await page.waitForURL(new RegExp(`/applications/${id}/documents\\?return=`));
        await page.locator('#file-site_plan').setInputFiles({
          name: 'sign-180.pdf',
          mimeType: 'application/pdf',
          buffer: pdfOf(20_000, 'narrower'),
        });
        await page.getByRole('button', { name: 'Upload a replacement' }).click();
        await page.getByText('Upload complete').waitFor();
        await page.getByRole('button', { name: 'sign-180.pdf' }).waitFor();
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(`${base}/applications/${id}`);
        await page.locator('.govuk-task-list__status', { hasText: 'Changed' }).nth(1).waitFor();
        const answered = await page.locator('.govuk-task-list__item').allInnerTexts();
        expect(answered).toHaveLength(2);
        expect(answered).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/Width in cm\s+Changed/),
            expect.stringMatching(/Drawing of the sign\s+Changed/),
          ]),
        );
        await check(page, 'status-changes-answered');
        await page.getByRole('button', { name: 'Send your changes' }).click();
        await page.getByText('Your application is being reviewed.', { exact: false }).waitFor();
        const resubmitted = await viewOf(token, id);
        expect(resubmitted.details).toMatchObject({ width_cm: 180 });
        expect(resubmitted.documents[0]?.latest?.fileName).toBe('sign-180.pdf');

        // A message to the staff.
        await page.locator('#message').fill('Thank you, the new drawing is attached.');
        await page.getByRole('button', { name: 'Send message' }).click();
        await page.getByText('Thank you, the new drawing is attached.').waitFor();

        // ---- The clerk approves; the permit is issued ----------------------------------
        await until(
          token,
          id,
          (v) => v.status === 'under_review' && v.clock === 'running',
          'review',
        );
        await asClerk(`/api/v1/applications/${id}/decisions`, {
          decision: 'approve',
          note: 'Approved.',
        });
        const issued = await until(token, id, (v) => v.status === 'issued', 'issued');
        await page.reload();
        const certificateButton = page.getByRole('button', {
          name: 'Download your permit certificate (PDF)',
        });
        await certificateButton.waitFor();
        await page
          .getByText(`Your permit ${issued.permit?.permitNumber ?? ''} has been issued`)
          .waitFor();
        await page.getByRole('button', { name: /^Receipt for €50\.00/ }).waitFor();
        const timeline = await page.locator('.civic-timeline__item h3').allTextContents();
        expect(timeline).toEqual(
          expect.arrayContaining([
            'Application started',
            'Application sent',
            'Fee requested',
            'Review started',
            'Changes requested',
            'Changes sent',
            'Approved',
            'Permit issued',
          ]),
        );
        await check(page, 'status-issued');
        const certificate = await downloaded(page, () => certificateButton.click());
        expect(certificate.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const again = await downloaded(page, () =>
          page.getByRole('button', { name: /^Receipt for €50\.00/ }).click(),
        );
        expect(again.subarray(0, 5).toString('latin1')).toBe('%PDF-');

        // ---- Withdraw another application, after a confirmation -------------------------
        const other = expectStatus(
          await call(gateway, 'POST', '/api/v1/applications', {
            token,
            headers: { 'idempotency-key': randomUUID() },
            body: {
              permitType,
              title: 'A second sign',
              site: { address: '14 Market Street' },
              details: {},
              quantities: {},
            },
          }),
          201,
        ).id as string;
        await page.goto(`${base}/applications`);
        await page.getByRole('link', { name: 'A second sign' }).click();
        await page.waitForURL(`${base}/applications/${other}`);
        await page.getByRole('link', { name: 'Withdraw this application' }).click();
        await page.waitForURL(`${base}/applications/${other}/withdraw`);
        await page.getByRole('button', { name: 'Yes, withdraw the application' }).waitFor();
        await check(page, 'withdraw');
        await page.getByRole('button', { name: 'Yes, withdraw the application' }).click();
        await page.waitForURL(`${base}/applications/${other}?withdrawn=1`);
        await page.getByText('You have withdrawn the application.').waitFor();
        expect((await viewOf(token, other)).status).toBe('withdrawn');

        await page.goto(`${base}/applications`);
        await page.getByRole('link', { name: 'Sign for the bakery' }).waitFor();
        await check(page, 'applications');
      } finally {
        // Where the path stood when it ended (an artifact to read when it failed).
        await screenshot(page, 'applicant-last').catch(() => undefined);
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );
});
