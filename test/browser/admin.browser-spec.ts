/**
 * The admin pages in a real browser (issue 16): Debian's Chromium, headless, against the real
 * gateway (serving the built web app), permits (permit types, the business calendar) and
 * complaints (the service catalogue). An admin issues an Open311 API key (shown once) and
 * revokes it — the key works through Open311 in between and not after —, adds and removes a
 * public holiday, adds and deactivates a staff account, publishes a permit type's new version
 * after the permits service refused a bad form schema (its error beside the field), and adds a
 * service to the catalogue after a refusal. Every page in English and Hindi (axe, 360 px,
 * screenshots into artifacts/browser); any uncaught error in a page fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { anAccount, type Account } from '../factories/accounts.js';
import { call } from '../factories/gateway.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import { launchBrowser } from './browser.js';
import {
  checkBoth,
  h1,
  HANG,
  newPage,
  signIn,
  startStack,
  switchLanguage,
  type Stack,
} from './complaints-browser.js';

describe('admin pages in Chromium: keys, calendar, users, permit types, catalogue', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Account;
  let adminEmail: string;
  const permitType = `adm-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startStack('admin-browser', ['gateway', 'permits', 'complaints']);
    admin = await anAccount(stack.gateway, 'admin');
    adminEmail = (
      (await call(stack.gateway, 'GET', '/api/v1/auth/me', { token: admin.token })).body as {
        email: string;
      }
    ).email;
    // A permit type of this test's own, named in both languages.
    const prefix = Array.from({ length: 4 }, () =>
      String.fromCharCode(65 + Math.floor(Math.random() * 26)),
    ).join('');
    const created = await call(stack.gateway, 'POST', '/api/v1/permit-types', {
      token: admin.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        ...BUILDING_PERMIT,
        code: permitType,
        prefix,
        names: { en: 'Market stall permit', hi: 'बाज़ार की दुकान का परमिट' },
      },
    });
    expect(created.status).toBe(201);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.apps.stop(20_000);
  }, 60_000);

  /** An Open311 report outside the city with this key: 400 with a live key, 403 without. */
  const open311With = async (key: string) => {
    const response = await fetch(`${stack.gateway.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'pothole',
        lat: '10',
        long: '10',
        'attribute[size]': 'small',
      }).toString(),
    });
    return response.status;
  };

  it(
    'an admin issues an Open311 key, sees it once, revokes it; adds and removes a holiday',
    async () => {
      const { context, page, errors } = await newPage(browser);
      try {
        await page.goto(`${stack.base}/admin`);
        await page.waitForURL(/\/sign-in\?next=/);
        await signIn(page, stack.base, adminEmail, '/admin');
        await page.locator('h1', { hasText: 'Administration' }).waitFor();
        expect(await h1(page)).toBe('Administration');
        await checkBoth(page, 'admin');

        await page.getByRole('link', { name: 'Open311 API keys' }).click();
        await page.locator('#client-name').waitFor();
        await checkBoth(page, 'admin-keys');
        await page.getByRole('button', { name: 'Issue key' }).click();
        await page.locator('#client-name-error').waitFor();
        const client = `Street app ${randomUUID().slice(0, 6)}`;
        await page.locator('#client-name').fill(client);
        await page.getByRole('button', { name: 'Issue key' }).click();
        const shown = page.locator('[data-testid=issued-key]');
        await shown.waitFor();
        const key = ((await shown.textContent()) ?? '').trim();
        expect(key).toMatch(/^o311_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
        await checkBoth(page, 'admin-key-issued');
        expect(await open311With(key)).toBe(400); // the key works: the report is refused for its place
        // Shown once: a reload lists the key by its prefix only.
        await page.reload();
        await page.getByText(client, { exact: true }).waitFor();
        await expect(page.locator('body').textContent()).resolves.not.toContain(key);
        await page.getByRole('button', { name: `Revoke the key of ${client}` }).click();
        await page.getByText(`The key ${key.slice(0, 13)} of ${client} was revoked.`).waitFor();
        expect(await open311With(key)).toBe(403);
        await checkBoth(page, 'admin-key-revoked');

        // The calendar: a holiday of next year added, then removed.
        const year = new Date().getFullYear() + 1;
        await page.goto(`${stack.base}/admin/calendar`);
        await page.locator('#year').selectOption(String(year));
        await page.locator('#holiday-date').fill(`${year}-08-15`);
        await page.locator('#holiday-name').fill('Independence Day');
        await page.getByRole('button', { name: 'Add holiday' }).click();
        await page.getByRole('button', { name: 'Remove Independence Day' }).waitFor();
        const calendar = await call(stack.gateway, 'GET', '/api/v1/calendar');
        expect(calendar.body.holidays).toEqual(
          expect.arrayContaining([{ date: `${year}-08-15`, name: 'Independence Day' }]),
        );
        await checkBoth(page, 'admin-calendar');
        // A date outside the year chosen is refused beside the field.
        await page.locator('#holiday-date').fill(`${year + 1}-01-26`);
        await page.locator('#holiday-name').fill('Republic Day');
        await page.getByRole('button', { name: 'Add holiday' }).click();
        await page.locator('#holiday-date-error').waitFor();
        await checkBoth(page, 'admin-calendar-error');
        await page.getByRole('button', { name: 'Remove Independence Day' }).click();
        await page.getByText('Independence Day was removed.', { exact: false }).waitFor();
        const after = await call(stack.gateway, 'GET', '/api/v1/calendar');
        expect(after.body.holidays).not.toEqual(
          expect.arrayContaining([{ date: `${year}-08-15`, name: 'Independence Day' }]),
        );
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'an admin adds and deactivates a staff account, publishes a permit type version and adds a service',
    async () => {
      const { context, page, errors } = await newPage(browser);
      try {
        await page.goto(`${stack.base}/admin/users`);
        await signIn(page, stack.base, adminEmail, '/admin/users');
        await page.locator('#full-name').waitFor();
        await checkBoth(page, 'admin-users');
        // A change of language keeps what the admin ticked and has not saved (the page does not
        // load the accounts again, which reset the ticks to the saved ones).
        const tick = page.locator('#two-factor-auditor');
        const ticked = await tick.isChecked();
        await tick.setChecked(!ticked);
        await switchLanguage(page, 'hi');
        await switchLanguage(page, 'en');
        await page.waitForLoadState('networkidle');
        await expect(tick.isChecked()).resolves.toBe(!ticked);
        await tick.setChecked(ticked);
        const name = `Kavya Clerk ${randomUUID().slice(0, 4)}`;
        await page.locator('#full-name').fill(name);
        await page.locator('#user-email').fill(`kavya.${randomUUID().slice(0, 8)}@city.example`);
        await page.locator('#user-password').fill('a long first password');
        await page.locator('#role').selectOption('clerk');
        await page.getByRole('button', { name: 'Add account' }).click();
        await page.getByText(`The account of ${name} was added.`).waitFor();
        await page.getByRole('button', { name: `Deactivate ${name}` }).click();
        await page.getByText(`${name} was deactivated`, { exact: false }).waitFor();
        // The notice shows before the page has loaded the accounts again: the button leaves
        // with that load (a page that kept it would hang here until Jest's timeout).
        await page
          .getByRole('button', { name: `Deactivate ${name}` })
          .waitFor({ state: 'detached' });
        await expect(
          page.getByRole('button', { name: `Deactivate ${name}` }).count(),
        ).resolves.toBe(0);

        // A permit type: a form schema the permits service refuses, then a new version.
        await page.goto(`${stack.base}/admin/permit-types`);
        await page.getByRole('link', { name: 'Market stall permit' }).click();
        await page.locator('#form-schema').waitFor();
        await checkBoth(page, 'admin-permit-type', async (hindi) => {
          await hindi.locator('h1', { hasText: 'बाज़ार की दुकान का परमिट' }).waitFor();
        });
        const nonsense = '{"type": "object", "properties": {"x": {"type": "nonsense"}}}';
        await page.locator('#form-schema').fill(nonsense);
        // A change of language keeps the unsaved edit (the page does not load the type again).
        await switchLanguage(page, 'hi');
        await switchLanguage(page, 'en');
        await page.waitForLoadState('networkidle');
        await expect(page.locator('#form-schema').inputValue()).resolves.toBe(nonsense);
        await page.getByRole('button', { name: 'Publish new version' }).click();
        await page.locator('#form-schema-error').waitFor();
        await checkBoth(page, 'admin-permit-type-refused');
        await page.locator('#form-schema').fill('not json');
        await page.getByRole('button', { name: 'Publish new version' }).click();
        await expect(page.locator('#form-schema-error').textContent()).resolves.toContain(
          'must be a JSON object',
        );
        await page.locator('#form-schema').fill(
          JSON.stringify({
            type: 'object',
            properties: { stall: { type: 'string', minLength: 1, maxLength: 200, title: 'Stall' } },
            required: ['stall'],
            additionalProperties: false,
          }),
        );
        await page.getByRole('button', { name: 'Publish new version' }).click();
        await page.getByText('Version 2 of Market stall permit is now in force.').waitFor();
        const published = await call(stack.gateway, 'GET', `/api/v1/permit-types/${permitType}`);
        expect(published.body).toMatchObject({
          currentVersion: 2,
          definition: { formSchema: { required: ['stall'] } },
        });

        // The catalogue: the seeded services with their Hindi names; a new service refused for
        // a group that does not exist, then added.
        await page.goto(`${stack.base}/admin/services`);
        await page.getByRole('link', { name: 'Pothole' }).waitFor();
        await checkBoth(page, 'admin-services', async (hindi) => {
          await hindi.getByRole('link', { name: 'सड़क में गड्ढा' }).waitFor();
        });
        await page.getByRole('link', { name: 'Add a service' }).click();
        await page.locator('#service-json').waitFor();
        const code = `bench-${randomUUID().slice(0, 6)}`;
        const service = JSON.parse(await page.locator('#service-json').inputValue()) as Record<
          string,
          unknown
        >;
        await page
          .locator('#service-json')
          .fill(JSON.stringify({ ...service, serviceCode: code, groupCode: 'no-such-group' }));
        await page.getByRole('button', { name: 'Save service' }).click();
        await page.locator('#service-json-error').waitFor();
        await checkBoth(page, 'admin-service-refused');
        await page.locator('#service-json').fill(
          JSON.stringify({
            ...service,
            serviceCode: code,
            names: { en: 'Broken bench', hi: 'टूटी बेंच' },
          }),
        );
        await page.getByRole('button', { name: 'Save service' }).click();
        await page.waitForURL(`${stack.base}/admin/services/${code}`);
        await page.locator('h1', { hasText: 'Edit Broken bench' }).waitFor();
        await checkBoth(page, 'admin-service');
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );
});
