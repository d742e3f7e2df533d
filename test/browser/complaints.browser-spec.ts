/**
 * Complaints in a real browser (issue 16): Debian's Chromium, headless, against the real
 * gateway (serving the built web app), complaints service, permits (the business calendar) and
 * the worker running each case's ComplaintWorkflow on the test Temporal server. A citizen
 * reports a pothole by address and one on the city's SVG map (a click, then the arrow keys) with
 * a photo, and follows them; a clerk works the triage queue, moderates, dismisses the duplicate
 * suggestion drawn on the map, triages, assigns and resolves with a response template; the
 * citizen answers the feedback and reopens. Every page is checked in English and Hindi (axe,
 * 360 px, screenshots into artifacts/browser); any uncaught error in a page fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { eventually } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { call } from '../factories/gateway.js';
import { launchBrowser } from './browser.js';
import {
  checkBoth,
  HANG,
  newPage,
  PASSWORD,
  signIn,
  startStack,
  type Stack,
} from './complaints-browser.js';

/** A 1×1 PNG: a photo the gateway accepts (typed by its bytes) and the staff page shows. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** An attribute of every element a locator finds, in order ('' where absent). */
const attributes = async (locator: Locator, name: string): Promise<string[]> => {
  const values: string[] = [];
  for (const element of await locator.all()) values.push((await element.getAttribute(name)) ?? '');
  return values;
};

describe('complaints in Chromium: report, follow, triage, resolve, feedback', () => {
  let stack: Stack;
  let browser: Browser;
  let clerk: Account;
  const citizen = { email: `reporter.${randomUUID().slice(0, 8)}@example.org` };
  /** The two reports the citizen files, by how. */
  const filed: { byAddress?: string; byMap?: string } = {};

  const caseOf = async (id: string) =>
    (
      await call(stack.gateway, 'GET', `/api/v1/complaints/cases/${id}`, {
        token: clerk.token,
      })
    ).body as { triageDueAt: string | null; externalStatusCode: string };

  beforeAll(async () => {
    // A working day of 30 s for the workflow's timers (the due times shown stay the calendar's):
    // the reopen window (14 days) stays open through the test.
    stack = await startStack('complaints-browser', ['gateway', 'complaints', 'permits', 'worker'], {
      COMPLAINTS_WORKING_DAY_DURATION: '30s',
    });
    const registered = await call(stack.gateway, 'POST', '/api/v1/auth/register', {
      body: { email: citizen.email, password: PASSWORD, fullName: 'Meera Reporter' },
    });
    expect(registered.status).toBe(201);
    clerk = await anAccount(stack.gateway, 'clerk');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.apps.stop(20_000);
  }, 60_000);

  /** The id in a report page's URL (`/complaints/<id>` or `/staff/complaints/<id>`). */
  const idOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) as string;

  /** Chooses the pothole and answers its questions. */
  const pothole = async (page: Page, description: string) => {
    await page.getByLabel('Pothole', { exact: true }).check();
    await page.getByLabel('Larger than a bicycle wheel').check(); // waits for the questions
    await page.getByLabel('Cycle lane').check();
    await page.locator('#attribute-depth_cm').fill('12');
    await page.locator('#description').fill(description);
  };

  it(
    'a citizen reports a pothole by address and one on the map with a photo, and follows them',
    async () => {
      const { context, page, errors } = await newPage(browser);
      try {
        // Signed out, the page sends the citizen to sign in, and back.
        await page.goto(`${stack.base}/report`);
        await page.waitForURL(`${stack.base}/sign-in?next=/report`);
        await signIn(page, stack.base, citizen.email, '/report');
        await page.getByLabel('Pothole', { exact: true }).waitFor();
        await checkBoth(page, 'report', async (hindi) => {
          // The seeded services are named in Hindi on the Hindi page.
          await hindi.getByLabel('सड़क में गड्ढा', { exact: true }).waitFor();
        });

        // Nothing chosen: the errors, summarised (focused) and beside their fields.
        await page.getByRole('button', { name: 'Send report' }).click();
        await page.locator('.govuk-error-summary').waitFor();
        await expect(page.locator('.govuk-error-summary li').allTextContents()).resolves.toEqual([
          'Select what the problem is',
          'Select how you want to tell us where the problem is',
        ]);
        await expect(page.title()).resolves.toMatch(/^Error: /);
        await checkBoth(page, 'report-errors');

        // A required question left out, and an address the city does not have.
        await page.getByLabel('Pothole', { exact: true }).check();
        await page.getByLabel('Larger than a bicycle wheel').waitFor(); // its questions loaded
        await page.getByLabel('By address').check();
        await page.locator('#address').fill('Nowhere Lane 999');
        await page.getByRole('button', { name: 'Send report' }).click();
        await page.locator('#attribute-size-error').waitFor();
        await pothole(page, 'A deep hole where bikes swerve into traffic.');
        await page.getByRole('button', { name: 'Send report' }).click();
        await page.locator('#address-error').waitFor();
        await expect(page.locator('#address-error').textContent()).resolves.toContain(
          'We could not find this address in the city',
        );
        await checkBoth(page, 'report-address-unknown');

        // By address: filed, and shown as the citizen's own report.
        await page.locator('#address').fill('Veldstraat 12');
        await page.getByRole('button', { name: 'Send report' }).click();
        await page.waitForURL(/\/complaints\/[0-9a-f-]{36}\?filed=1$/);
        filed.byAddress = idOf(page);
        await page.getByText('Your report was sent.').waitFor();
        // Named once the catalogue's names arrive (its code until then).
        await page.locator('h1', { hasText: /^Pothole$/ }).waitFor();
        await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(
          'Veldstraat',
        );
        await checkBoth(page, 'my-report', async (hindi) => {
          await hindi.locator('h1', { hasText: 'सड़क में गड्ढा' }).waitFor();
          await hindi.getByText('प्राप्त', { exact: true }).first().waitFor();
        });

        // On the map: a click on Veldstraat near number 12, then one step north with the
        // keyboard; the place is said in words beside the map.
        await page.goto(`${stack.base}/report`);
        await pothole(page, 'Another hole, a few metres on.');
        await page.getByLabel('On a map').check();
        const map = page.locator('svg.civic-map__drawing');
        await map.waitFor();
        // Where Veldstraat 12 is drawn, relative to the map's top left corner (CSS pixels).
        const target = await page.evaluate<{ x: number; y: number }>(`(() => {
          const line = document.querySelector('polyline[data-street="Veldstraat"]');
          const svg = line.ownerSVGElement;
          const p = line.points.getItem(11);
          const m = svg.getScreenCTM();
          const box = svg.getBoundingClientRect();
          return {
            x: p.x * m.a + p.y * m.c + m.e - box.left,
            y: p.x * m.b + p.y * m.d + m.f - box.top,
          };
        })()`);
        await map.click({ position: target });
        const choice = page.locator('[data-testid=map-choice]');
        await expect(choice.textContent()).resolves.toContain('near Veldstraat');
        const clicked = await choice.textContent();
        await map.focus();
        await page.keyboard.press('ArrowUp');
        await expect(choice.textContent()).resolves.not.toBe(clicked);
        await expect(choice.textContent()).resolves.toContain('near Veldstraat');
        await page.locator('#photo').setInputFiles({
          name: 'pothole.png',
          mimeType: 'image/png',
          buffer: PNG,
        });
        await checkBoth(page, 'report-map');
        await page.getByRole('button', { name: 'Send report' }).click();
        await page.waitForURL(/\/complaints\/[0-9a-f-]{36}\?filed=1$/);
        filed.byMap = idOf(page);
        await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(
          'Veldstraat',
        );

        // Both in "your reports", newest first.
        await page.getByRole('link', { name: 'Back to your reports' }).click();
        await page.waitForURL(`${stack.base}/complaints`);
        await page.locator('.civic-report-list__item').nth(1).waitFor();
        await expect(
          attributes(page.locator('.civic-report-list__item a'), 'href'),
        ).resolves.toEqual([`/complaints/${filed.byMap}`, `/complaints/${filed.byAddress}`]);
        await checkBoth(page, 'my-reports');
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'a clerk works the queue: moderates, dismisses the duplicate on the map, triages, assigns and resolves with a template',
    async () => {
      const { byAddress, byMap } = filed as Required<typeof filed>;
      expect(byAddress && byMap).toBeTruthy();
      // Staff steps go to each case's workflow, started from the report's event.
      for (const id of [byAddress, byMap])
        await eventually(
          async () => ((await caseOf(id)).triageDueAt ? true : undefined),
          120_000,
          `${id}: SLA started`,
        );
      const { context, page, errors } = await newPage(browser);
      try {
        await page.goto(`${stack.base}/staff/complaints`);
        await page.waitForURL(/\/sign-in\?next=/);
        const clerkEmail = (
          (await call(stack.gateway, 'GET', '/api/v1/auth/me', { token: clerk.token })).body as {
            email: string;
          }
        ).email;
        await signIn(page, stack.base, clerkEmail, '/staff/complaints');
        const rows = page.locator('table.govuk-table tbody tr');
        await page.locator(`a[href="/staff/complaints/${byMap}"]`).waitFor();
        await expect(rows.count()).resolves.toBeGreaterThanOrEqual(2);
        // Every row has its SLA countdown (due or overdue), overdue first.
        const due = await attributes(page.locator('td[data-due]'), 'data-due');
        expect(due.every((d) => d !== '')).toBe(true);
        expect([...due].sort()).toEqual(due);
        await expect(page.locator('table').textContent()).resolves.toMatch(/Due in|Overdue/);
        await checkBoth(page, 'queue');

        // The report filed on the map: its photo and description wait for a check; the one
        // by address is suggested as its original, on the map and in the list beside it.
        await page.locator(`a[href="/staff/complaints/${byMap}"]`).click();
        await page.waitForURL(`${stack.base}/staff/complaints/${byMap}`);
        await page.locator('#duplicates-list').waitFor();
        await page.locator('img.civic-photo').waitFor();
        await expect(page.locator('[data-marker]').count()).resolves.toBe(2);
        await expect(page.locator('#duplicates-list').textContent()).resolves.toContain(
          'Earlier report 1',
        );
        await checkBoth(page, 'case');
        await page.locator('#moderate-description').check();
        await page.locator('#moderate-photo-1').check();
        await page.getByRole('button', { name: 'Save the checks' }).click();
        await page.getByText('The checks were saved.').waitFor();
        await page.getByRole('button', { name: 'Not the same as report 1' }).click();
        await page.getByText('Marked as not the same report.').waitFor();
        // The markers leave with the page's next read of the suspected duplicates.
        await page.locator('[data-marker]').first().waitFor({ state: 'detached' });
        await expect(page.locator('[data-marker]').count()).resolves.toBe(0);

        // Triage with a template, priority high; then assign it to oneself.
        await page.locator('#new-status').selectOption('investigating');
        await page.locator('#priority').selectOption('high');
        await page.locator('#template').selectOption('investigating:en');
        await expect(page.locator('#public-text').inputValue()).resolves.toBe(
          'We are looking into this.',
        );
        await page.getByRole('button', { name: 'Triage', exact: true }).click();
        await page.getByText('The status was changed and the update published.').waitFor();
        await page.locator('#assign-me').check();
        await page.getByRole('button', { name: 'Assign', exact: true }).click();
        await page.getByText('The complaint was assigned.').waitFor();
        await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toContain(
          'High',
        );
        await checkBoth(page, 'case-triaged');

        // The one by address: triaged, then resolved as fixed with the template's text.
        await page.goto(`${stack.base}/staff/complaints/${byAddress}`);
        await page.locator('#new-status').waitFor();
        await page.locator('#new-status').selectOption('investigating');
        await page.locator('#template').selectOption('investigating:en');
        await page.getByRole('button', { name: 'Triage', exact: true }).click();
        await page.getByText('The status was changed and the update published.').waitFor();
        await page.locator('#new-status').selectOption('fixed');
        await page.locator('#template').selectOption('fixed:en');
        await page.getByRole('button', { name: 'Change status' }).click();
        await page.getByText('This complaint is resolved.').waitFor();
        await expect(page.locator('.civic-timeline').textContent()).resolves.toContain(
          'This has been fixed. Thank you for reporting it.',
        );
        await checkBoth(page, 'case-resolved');
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'the citizen sees the fix, answers the feedback, and reopens',
    async () => {
      const { byAddress } = filed as Required<typeof filed>;
      expect(byAddress).toBeTruthy();
      const { context, page, errors } = await newPage(browser);
      try {
        await page.goto(`${stack.base}/complaints/${byAddress}`);
        await signIn(page, stack.base, citizen.email, `/complaints/${byAddress}`);
        await page.getByText('Tell us how we did').waitFor();
        await expect(page.locator('.civic-timeline').textContent()).resolves.toContain(
          'This has been fixed. Thank you for reporting it.',
        );
        await checkBoth(page, 'my-report-fixed');

        // "Fixed?" is required.
        await page.getByRole('button', { name: 'Send feedback' }).click();
        await page.locator('#fixed-error').waitFor();
        await page.locator('#fixed').check(); // yes
        await page.locator('#rating-5').check();
        await page.locator('#recommend-9').check();
        await page.locator('#comment').fill('Quick work, thank you.');
        await page.getByRole('button', { name: 'Send feedback' }).click();
        await page.getByText('Thank you for your feedback.').waitFor();
        await page.getByText('You have given your feedback on this report.').waitFor();
        await checkBoth(page, 'my-report-feedback');

        // Within the window, the reporter may reopen it: the case is worked again.
        await page.getByRole('button', { name: 'Reopen this report' }).click();
        await page.getByText('Your report was reopened.').waitFor();
        await eventually(
          async () =>
            (await caseOf(byAddress)).externalStatusCode === 'investigating' ? true : undefined,
          120_000,
          'reopened',
        );
        await page.reload();
        await page
          .locator('.govuk-summary-list .govuk-tag', { hasText: 'Investigating' })
          .waitFor();
        await checkBoth(page, 'my-report-reopened');
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );
});
