/**
 * The web UI in a real browser (issue 16's first pages): Debian's Chromium, headless, against
 * the real gateway (serving the built app) and permits service on the test PostgreSQL and NATS.
 * Each page is checked with axe-core in English and Hindi and at a 360-pixel phone's width, and
 * photographed into artifacts/browser. Sessions: the refresh token only in an HttpOnly cookie,
 * nothing in the page's storage; a reload keeps the session; sign out ends it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate as generateTotp } from 'otplib';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomPorts, startApps, type AppPorts, type RunningApps, ManagedProcess } from '#devstack';
import { testAppEnvironment, testEnv } from '#testing';
import { anAccount } from '../factories/accounts.js';
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
const HANG = 600_000;
const LANGUAGES = ['en', 'hi'] as const;
type Language = (typeof LANGUAGES)[number];
/** The test's permit type, named in both languages. */
const typeName = { en: 'Shop sign permit', hi: 'दुकान के बोर्ड का परमिट' } as const;

describe('web UI in Chromium: first pages, both languages, sessions in a cookie', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let browser: Browser;
  let base: string;
  let permitType: string;
  let permitNumber: string;
  const citizen = {
    email: `web.${randomUUID().slice(0, 8)}@example.org`,
    fullName: 'Asha Citizen',
  };
  const guarded = { email: `web2fa.${randomUUID().slice(0, 8)}@example.org`, secret: '' };

  const register = async (email: string, fullName: string) => {
    expectStatus(
      await call(gateway, 'POST', '/api/v1/auth/register', {
        body: { email, password: PASSWORD, fullName },
      }),
      201,
    );
    return expectStatus(
      await call(gateway, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }),
      200,
    ).accessToken as string;
  };

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, {
          logLevel: 'warn',
          fileStorageDir: `${env.dataDir}/files-browser`,
        }),
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
      },
      ports,
      apps: ['gateway', 'permits'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    // `localhost`: a secure context over plain HTTP, where the browser keeps Secure cookies.
    base = `http://localhost:${ports.gateway}`;

    // A permit type, and a citizen with two drafts of it.
    const admin = await anAccount(gateway, 'admin');
    permitType = `web-${randomUUID().slice(0, 8)}`;
    const prefix = Array.from({ length: 4 }, () =>
      String.fromCharCode(65 + Math.floor(Math.random() * 26)),
    ).join('');
    expectStatus(
      await call(gateway, 'POST', '/api/v1/permit-types', {
        token: admin.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          ...BUILDING_PERMIT,
          code: permitType,
          prefix,
          names: typeName,
          formSchema: {
            type: 'object',
            properties: { description: { type: 'string', minLength: 1, maxLength: 2000 } },
            required: ['description'],
            additionalProperties: false,
          },
        },
      }),
      201,
    );
    const token = await register(citizen.email, citizen.fullName);
    let first = '';
    for (const title of ['A shop sign', 'A garden workshop']) {
      const draft = expectStatus(
        await call(gateway, 'POST', '/api/v1/applications', {
          token,
          headers: { 'idempotency-key': randomUUID() },
          body: {
            permitType,
            title,
            site: { address: '1 Test Street' },
            details: { description: title },
            quantities: { floor_area_m2: 10 },
          },
        }),
        201,
      );
      first ||= draft.id as string;
    }

    // An issued permit to verify. Its row is written as the issuing use case writes it (the
    // path that issues one, payment and decision included, is the permits e2e test's).
    permitNumber = `${prefix}-P-2026-000001`;
    const db = new pg.Client({
      connectionString: env.databaseUrl,
      options: '-c search_path=permits',
    });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO permits (permit_number, application_id, permit_type, type_version, holder_id,
           holder_hash, holder_display_name, valid_from, valid_until)
         VALUES ($1, $2, $3, 1, gen_random_uuid(), repeat('a', 64), NULL,
           '2026-01-15T00:00:00Z', '2027-01-15T00:00:00Z')`,
        [permitNumber, first, permitType],
      );
    } finally {
      await db.end();
    }

    // A citizen with two-factor login.
    const guardedToken = await register(guarded.email, 'Ravi Citizen');
    guarded.secret = expectStatus(
      await call(gateway, 'POST', '/api/v1/auth/totp/setup', { token: guardedToken }),
      200,
    ).secret as string;
    expectStatus(
      await call(gateway, 'POST', '/api/v1/auth/totp/confirm', {
        token: guardedToken,
        body: { code: await generateTotp({ secret: guarded.secret }) },
      }),
      204,
    );

    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await apps?.stop(20_000);
  }, 60_000);

  /** A fresh browser profile (no cookies, no storage) at a desk's or a phone's width. */
  const newPage = async (
    language: Language,
    width = 1024,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width, height: 800 },
      locale: language === 'hi' ? 'hi-IN' : 'en-GB',
    });
    // No time limit on any wait: the machine may be slow; Jest's per-test timeout (HANG) is the
    // hang protection.
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
    await context.addInitScript((lang) => localStorage.setItem('civic.language', lang), language);
    const page = await context.newPage();
    // Uncaught errors in the page: each test expects none.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };

  const h1 = (page: Page) => page.locator('h1').textContent();

  /** Checks a page as it stands: one h1, the document's language, axe, 360 px, a screenshot. */
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

  it.each(LANGUAGES)(
    'public pages (%s): start, verify a permit, not found, sign in',
    async (language) => {
      const { context, page, errors } = await newPage(language);
      try {
        await page.goto(`${base}/`);
        await page.locator('h1').waitFor();
        expect(await h1(page)).toBe(
          language === 'en' ? 'Use the city’s services online' : 'नगर की सेवाएँ ऑनलाइन उपयोग करें',
        );
        await check(page, 'start', language);

        await page.goto(`${base}/verify`);
        await page.locator('#number').waitFor();
        await check(page, 'verify', language);

        // Errors: summarised at the top (focused), beside the field, linked to it.
        await page.locator('#number').fill('not a number');
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-error-summary').waitFor();
        await expect(page.evaluate('document.activeElement?.className')).resolves.toContain(
          'govuk-error-summary',
        );
        await expect(page.locator('#number-error').textContent()).resolves.toContain(
          language === 'en' ? 'Enter a permit number in the right format' : 'सही प्रारूप',
        );
        await expect(page.title()).resolves.toMatch(language === 'en' ? /^Error: / : /^त्रुटि: /);
        await check(page, 'verify-error', language);
        await page.locator('.govuk-error-summary a').click();
        await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('number');

        // A number no permit has.
        await page.locator('#number').fill(`${permitNumber.slice(0, -1)}9`);
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-inset-text').waitFor();
        await check(page, 'verify-not-found', language);

        // The issued permit: exactly what the register answered.
        await page.locator('#number').fill(permitNumber.toLowerCase());
        await page.locator('form button[type=submit]').click();
        // The type's name in the page's language (the names load beside the answer).
        await page.getByText(typeName[language], { exact: false }).waitFor();
        expect(page.url()).toBe(`${base}/verify?number=${permitNumber}`);
        const rows = await page.locator('.govuk-summary-list__row').allTextContents();
        expect(rows).toEqual(
          language === 'en'
            ? [
                'StatusValid',
                'Permit typeShop sign permit (version 1)',
                'Valid from15 January 2026',
                'Valid until15 January 2027',
                'HolderNot published for this type of permit',
              ]
            : [
                'स्थितिवैध',
                'परमिट का प्रकारदुकान के बोर्ड का परमिट (संस्करण 1)',
                'कब से वैध15 जनवरी 2026',
                'कब तक वैध15 जनवरी 2027',
                'धारकइस प्रकार के परमिट के लिए प्रकाशित नहीं',
              ],
        );
        await check(page, 'verify-found', language);

        await page.goto(`${base}/sign-in`);
        await page.locator('#email').waitFor();
        await check(page, 'sign-in', language);
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-error-summary').waitFor();
        expect(await page.locator('.govuk-error-summary li').count()).toBe(2);
        await check(page, 'sign-in-errors', language);

        await page.goto(`${base}/no-such-page`);
        await page.locator('h1').waitFor();
        await check(page, 'not-found', language);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it.each(LANGUAGES)(
    'an applicant signs in, sees their applications after a reload, and signs out (%s)',
    async (language) => {
      const { context, page, errors } = await newPage(language);
      try {
        await page.goto(`${base}/applications`);
        await page.waitForURL(`${base}/sign-in?next=/applications`);
        await page.locator('#email').fill(citizen.email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/applications`);
        await page.locator('.govuk-summary-card').first().waitFor();
        await expect(page.locator('.govuk-summary-card__title').allTextContents()).resolves.toEqual(
          ['A garden workshop', 'A shop sign'],
        );
        await page.getByText(typeName[language]).first().waitFor();
        await expect(page.locator('.govuk-tag').first().textContent()).resolves.toBe(
          language === 'en' ? 'Draft' : 'मसौदा',
        );
        await check(page, 'applications', language);

        // The refresh token: an HttpOnly, Secure, Strict cookie of the auth path only; no token
        // in the page's storage.
        const cookies = await context.cookies();
        expect(
          cookies.map(({ name, path, httpOnly, secure, sameSite }) => ({
            name,
            path,
            httpOnly,
            secure,
            sameSite,
          })),
        ).toEqual([
          {
            name: 'civic_refresh',
            path: '/api/v1/auth',
            httpOnly: true,
            secure: true,
            sameSite: 'Strict',
          },
        ]);
        const stored = await page.evaluate(() =>
          JSON.stringify({ ...localStorage, ...sessionStorage }),
        );
        expect(stored).toBe(JSON.stringify({ 'civic.language': language }));
        await expect(page.evaluate('document.cookie')).resolves.toBe('');

        // A reload keeps the session: the cookie is traded for a new pair.
        await page.reload();
        await page.locator('.govuk-summary-card').first().waitFor();
        expect(await page.locator('.govuk-summary-card').count()).toBe(2);

        await page.locator('header button').click();
        await page.waitForURL(`${base}/sign-in?signedOut=1`);
        await page.locator('.govuk-notification-banner').waitFor();
        await check(page, 'signed-out', language);
        expect(await context.cookies()).toEqual([]);
        await page.goto(`${base}/applications`);
        await page.waitForURL(`${base}/sign-in?next=/applications`);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'asks for the authenticator’s code when the account has two-factor login',
    async () => {
      const { context, page, errors } = await newPage('en');
      try {
        await page.goto(`${base}/sign-in`);
        await page.locator('#email').fill(guarded.email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form button[type=submit]').click();
        await page.locator('#code').waitFor();
        expect(await h1(page)).toBe('Enter the code from your authenticator app');
        await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('code');
        await check(page, 'sign-in-code', 'en');

        await page.locator('#code').fill('12345');
        await page.locator('form button[type=submit]').click();
        await page.locator('#code-error').waitFor();

        // The next time step's code (the confirmation used this one's).
        const code = await generateTotp({
          secret: guarded.secret,
          epoch: Math.floor(Date.now() / 1_000) + 30,
        });
        await page.locator('#code').fill(code);
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/`);
        await page.getByText('You are signed in as Ravi Citizen.').waitFor();
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );
});
