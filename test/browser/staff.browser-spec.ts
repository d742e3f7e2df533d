/**
 * The staff's pages in a real browser (issue 16): Debian's Chromium, headless, against the real
 * gateway (serving the built app), permits and the worker running the case's workflow on the
 * test Temporal server. An application is submitted through the API; a clerk finds it in the
 * work queue, opens it, previews its documents, claims it and asks for changes item by item;
 * the applicant answers through the API; the clerk confirms it complete, schedules an
 * inspection and adds a condition; an inspector on a 360-pixel phone records a pass with
 * findings and a photo; the clerk approves, a supervisor holds and releases the case and gives
 * the second approval (four eyes), marks the condition met, and the permit is issued; the
 * supervisor then revokes it. Every page is checked with axe-core in English and Hindi, at
 * 360 px, and photographed into artifacts/browser.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import {
  permitApplicationWorkflowId,
  permitCaseState,
  permitWorkflowId,
  type ApplicationView,
} from '#contracts';
import { randomPorts, startApps, type AppPorts, type RunningApps, ManagedProcess } from '#devstack';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { call, type Gateway, expectStatus } from '../factories/gateway.js';
import { jpegWithExif } from '../factories/images.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  PASSWORD,
  screenshot,
  signIn as signInThere,
} from './browser.js';

/** Hang protection only (no test asserts on time): two shared cores may run it slowly. */
const HANG = 900_000;
/** Waits on the stack (hang protection only). */
const WAIT = 120_000;
/** Long enough that no clock of the case runs out during the test (real working days). */
const LONG = 300;
const typeName = { en: 'Workshop permit', hi: 'कार्यशाला परमिट' } as const;

/** A one-page PDF the browser's viewer renders. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** A real 40×30 PNG (a photo of the site) that an `<img>` decodes. */
const sitePhoto = (): Buffer => {
  const png = new PNG({ width: 40, height: 30 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([30, 112, 184, 255], i);
  return PNG.sync.write(png);
};

interface Person {
  email: string;
  fullName: string;
  id: string;
}

describe('web UI in Chromium: the clerk’s, supervisor’s and inspector’s work', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let browser: Browser;
  let temporal: Connection;
  let client: Client;
  let base: string;
  let admin: Account;
  let applicant: Account;
  const staff = {} as Record<'clerk' | 'supervisor' | 'inspector', Person>;
  const appLines: string[] = [];

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, {
          logLevel: 'warn',
          fileStorageDir: `${env.dataDir}/files-browser-staff`,
        }),
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
        // Two shared cores: an Update (an activity, a child start) may take a while.
        NATS_REQUEST_TIMEOUT_MS: '20000',
      },
      ports,
      apps: ['gateway', 'permits', 'worker'],
      // The apps' warnings and errors, told when a wait on the stack fails.
      onLine: (name, line) => {
        if (/"level":"(warn|error|fatal)"/.test(line)) appLines.push(`${name}: ${line}`);
      },
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    // `localhost`: a secure context over plain HTTP, where the browser keeps Secure cookies.
    base = `http://localhost:${ports.gateway}`;
    temporal = await Connection.connect({ address: env.temporalAddress });
    client = new Client({ connection: temporal, namespace: 'civic' });

    admin = await anAccount(gateway, 'admin');
    applicant = await anAccount(gateway, 'citizen');
    const names = {
      clerk: 'Kiran Clerk',
      supervisor: 'Sunita Supervisor',
      inspector: 'Imran Inspector',
    };
    for (const role of ['clerk', 'supervisor', 'inspector'] as const) {
      const email = `${role}.${randomUUID().slice(0, 8)}@city.example`;
      const created = expectStatus(
        await call(gateway, 'POST', '/api/v1/users', {
          token: admin.token,
          body: { email, password: PASSWORD, fullName: names[role], role },
        }),
        201,
      );
      staff[role] = { email, fullName: names[role], id: created.id as string };
    }
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await temporal?.close();
    await apps?.stop(20_000);
  }, 60_000);

  // ---- the stack -------------------------------------------------------------------------

  const api = (method: string, path: string, body?: unknown, key = randomUUID()) =>
    call(gateway, method, path, {
      token: applicant.token,
      headers: method === 'POST' ? { 'idempotency-key': key } : {},
      ...(body === undefined ? {} : { body }),
    });

  const viewOf = async (id: string): Promise<ApplicationView> =>
    expectStatus(await api('GET', `/api/v1/applications/${id}`), 200) as unknown as ApplicationView;

  /**
   * Waits until the application matches and its workflow has caught up with the table (same
   * status and step), so the next step a person takes is judged on what they read.
   */
  const settled = (
    id: string,
    predicate: (view: ApplicationView) => boolean,
    what: string,
  ): Promise<ApplicationView> => {
    let last: unknown;
    return eventually(
      async () => {
        const view = await viewOf(id).catch((error: unknown) => {
          last = String(error);
          throw error;
        });
        const state = await client.workflow
          .getHandle(permitApplicationWorkflowId(id))
          .query(permitCaseState)
          .catch((error: unknown) => String(error));
        last = {
          view: { status: view.status, step: view.step },
          workflow: typeof state === 'string' ? state : { status: state.status, step: state.step },
        };
        if (!predicate(view)) return undefined;
        if (view.status === 'issued') return view;
        return typeof state !== 'string' && state.status === view.status && state.step === view.step
          ? view
          : undefined;
      },
      WAIT,
      `${id}: ${what}`,
    ).catch((error: unknown) => {
      throw new Error(
        `${String(error)}; last seen ${JSON.stringify(last)}; the apps said:\n${appLines.slice(-20).join('\n')}`,
      );
    });
  };

  async function upload(id: string, kind: string, file: Buffer, type: string, name: string) {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([file], { type }), name);
    const response = await fetch(`${gateway.url}/api/v1/applications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant.token}` },
      body: form,
    });
    if (response.status !== 201)
      throw new Error(`upload: ${response.status} ${await response.text()}`);
  }

  // ---- the browser -----------------------------------------------------------------------

  const newPage = async (
    width = 1024,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB' });
    // No time limit on any wait: the machine may be slow; Jest's timeout is the hang protection.
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
    // The language preference, in the app's own pages only: the init script runs in every frame,
    // and a previewed PDF's data: frame has an opaque origin with no storage at all.
    await context.addInitScript(
      "if (location.protocol.startsWith('http')) localStorage.setItem('civic.language', 'en')",
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };

  const signIn = async (page: Page, who: Person, next: string) => {
    await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
    await signInThere(page, base, who.email, next);
  };

  /**
   * Checks the page as it stands, in English and then Hindi (the switcher above the page):
   * one h1, the document's language, axe, no horizontal scroll at 360 px, screenshots.
   */
  const check = async (page: Page, name: string) => {
    const size = page.viewportSize();
    for (const language of ['en', 'hi'] as const) {
      if ((await page.locator('html').getAttribute('lang')) !== language)
        await page.locator(`.civic-language button[lang=${language}]`).click();
      await page.locator(`html[lang=${language}]`).waitFor({ state: 'attached' });
      await expect(page.locator('h1').count()).resolves.toBe(1);
      // Errors on the page are in its language too (kept as keys, translated when shown).
      if (language === 'hi')
        for (const error of await page.locator('.govuk-error-summary li').allTextContents())
          expect(error).toMatch(/[\u0900-\u097F]/);
      await expectAccessible(page, `${name}-${language}`);
      await screenshot(page, `staff-${name}-${language}`);
      if (size && size.width > 360) {
        await page.setViewportSize({ width: 360, height: 740 });
        await expectNoHorizontalScroll(page);
        await screenshot(page, `staff-${name}-${language}-360`);
        await page.setViewportSize(size);
      } else {
        await expectNoHorizontalScroll(page);
      }
    }
    await page.locator('.civic-language button[lang=en]').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
  };

  /** An action's details element, by its summary's exact text. */
  const action = (page: Page, summary: string) =>
    page
      .locator('details.govuk-details')
      .filter({ has: page.locator('summary').getByText(summary, { exact: true }) });

  /** Opens an action's details, fills it with `fill`, sends it, and waits for the banner. */
  const act = async (page: Page, summary: string, fill: () => Promise<void>) => {
    const details = action(page, summary);
    await details.locator('summary').click();
    await fill();
    await details.locator('button[type=submit]').click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    await page.locator('.govuk-error-summary').waitFor({ state: 'detached' });
  };

  const banner = (page: Page) => page.locator('.govuk-notification-banner__heading').textContent();
  const statusTag = (page: Page) => page.locator('dl .govuk-tag').first().textContent();

  it(
    'a case from the queue to its permit: documents, changes, inspection, four eyes, condition, hold, revocation',
    async () => {
      // ---- the applicant submits through the API ------------------------------------------
      const permitType = `staff-${randomUUID().slice(0, 8)}`;
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
            documentKinds: BUILDING_PERMIT.documentKinds.filter((k) => k.kind !== 'floor_plans'),
            formSchema: {
              type: 'object',
              properties: { description: { type: 'string', minLength: 1, maxLength: 2000 } },
              required: ['description'],
              additionalProperties: false,
            },
            fee: {
              currency: 'EUR',
              base: {
                amountMinor: 0,
                revenueCode: 'permits.browser',
                descriptionKey: 'fees.browser',
              },
              perUnit: [],
            },
            completenessCheckDays: LONG,
            reviewDays: LONG,
            paymentDays: LONG,
            inspection: { required: true, maxReinspections: 1 },
            approval: {
              secondApprover: { role: 'supervisor', quantity: 'floor_area_m2', above: 500 },
            },
          },
        }),
        201,
      );
      const draft = expectStatus(
        await api('POST', '/api/v1/applications', {
          permitType,
          title: 'A joinery workshop',
          site: { address: '12 Market Street' },
          details: { description: 'A workshop for furniture, with a spray booth.' },
          quantities: { floor_area_m2: 600 },
        }),
        201,
      );
      const id = draft.id as string;
      await upload(id, 'site_plan', PDF, 'application/pdf', 'site-plan.pdf');
      await upload(id, 'photos', sitePhoto(), 'image/png', 'site.png');
      const sent = expectStatus(await api('POST', `/api/v1/applications/${id}/submit`), 200);
      const caseNumber = sent.caseNumber as string;
      await settled(id, (v) => v.step === 'completeness_check', 'completeness check');

      // ---- the clerk: queue, case, previews ----------------------------------------------
      const clerk = await newPage();
      try {
        const { page } = clerk;
        await signIn(page, staff.clerk, '/work');
        await page.locator('header a', { hasText: 'Work queue' }).waitFor();
        const card = page.locator('.govuk-summary-card', { hasText: caseNumber });
        await card.waitFor();
        await expect(card.textContent()).resolves.toContain('Check the application is complete');
        // The completeness check's first deadline is the workflow's own (the queue shows none).
        await card.getByText(typeName.en).waitFor();
        await check(page, 'queue');

        // Filters: nobody's tasks keep it; "me" leaves it out until the clerk takes it.
        await page.locator('#who').selectOption('mine');
        await page.locator('form[aria-label="Filter the queue"] button').click();
        await page.waitForURL(/who=mine/);
        await expect(card.count()).resolves.toBe(0);
        await page.locator('#who').selectOption('unassigned');
        await page.locator('#kind').selectOption('completeness_check');
        await page.locator('form[aria-label="Filter the queue"] button').click();
        await page.waitForURL(/who=unassigned/);
        await card.waitFor();
        await check(page, 'queue-filtered');

        await card.locator('a', { hasText: `Case ${caseNumber}` }).click();
        await page.waitForURL(`${base}/work/cases/${id}`);
        await page.locator('h1', { hasText: `Case ${caseNumber}` }).waitFor();
        await page.getByText('A workshop for furniture, with a spray booth.').waitFor();
        await check(page, 'case');

        // Previews: the image as an <img> of a blob; the PDF as a data: frame of its own origin.
        await page.locator('button', { hasText: 'Preview site.png' }).click();
        const image = page.locator('img.civic-preview__image');
        await image.waitFor();
        expect(await image.getAttribute('src')).toMatch(/^blob:/);
        // Decoded: the browser drew the 40-pixel-wide photo.
        // Polled from here: the page's CSP forbids the eval that waitForFunction would poll with.
        for (let tries = 0; ; tries += 1) {
          const width = await page.evaluate<number | undefined>(
            "document.querySelector('img.civic-preview__image')?.naturalWidth",
          );
          if (width === 40) break;
          if (tries > 600) throw new Error(`the preview never decoded (naturalWidth ${width})`);
          await page.waitForTimeout(100);
        }
        await page.locator('button', { hasText: 'Preview site-plan.pdf' }).click();
        const frame = page.locator('iframe.civic-preview__frame');
        await frame.waitFor();
        expect(await frame.getAttribute('src')).toMatch(/^data:application\/pdf;base64,/);
        const framed = Buffer.from(
          ((await frame.getAttribute('src')) ?? '').replace(/^data:application\/pdf;base64,/, ''),
          'base64',
        );
        expect(framed).toEqual(PDF);
        await check(page, 'case-previews');

        // Claim, then ask for changes item by item (first with nothing chosen: both errors).
        await act(page, 'Take this case', async () => {});
        expect(await banner(page)).toBe('You have taken this case.');
        await page.locator('dd', { hasText: 'You' }).first().waitFor();
        await settled(id, (v) => v.assigneeId === staff.clerk.id, 'claimed');

        const changes = action(page, 'Ask the applicant for changes');
        await changes.locator('summary').click();
        await changes.locator('button[type=submit]').click();
        await page.locator('.govuk-error-summary').waitFor();
        await expect(page.locator('.govuk-error-summary li').allTextContents()).resolves.toEqual([
          'Select a reason',
          'Select at least one item the applicant must change',
        ]);
        await expect(page.title()).resolves.toMatch(/^Error: /);
        await check(page, 'case-errors');
        await page.locator('.govuk-error-summary a', { hasText: 'Select a reason' }).click();
        await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('changes-reason');
        await page.locator('label', { hasText: 'A document cannot be read' }).click();
        await page.locator('label', { hasText: 'Document: site_plan' }).click();
        await page
          .getByLabel('What must change in Document: site_plan? (optional)')
          .fill('The scale is missing from the site plan.');
        await page.locator('label', { hasText: 'Form answer: description' }).click();
        await page
          .getByLabel('What must change in Form answer: description? (optional)')
          .fill('Say where the spray booth vents.');
        await page.locator('#changes-note').fill('Please send these two changes.');
        await changes.locator('button[type=submit]').click();
        await page.locator('.govuk-notification-banner--success').waitFor();
        expect(await banner(page)).toBe('The applicant has been asked for changes.');
        expect(await statusTag(page)).toBe('Changes requested');
        const asked = await viewOf(id);
        expect(asked.revisionItems.map((r) => r.key).sort()).toEqual([
          'document:site_plan',
          'field:description',
        ]);
        expect(asked.timeline.find((t) => t.transition === 'changes-requested')).toMatchObject({
          reasonCode: 'document_unreadable',
          // The decision's note and each item's own, as the applicant reads them.
          note: [
            'Please send these two changes.',
            '[document:site_plan] The scale is missing from the site plan.',
            '[field:description] Say where the spray booth vents.',
          ].join('\n\n'),
        });

        // A message to the applicant and a staff note.
        await act(page, 'Send a message to the applicant', () =>
          page.locator('#message-body').fill('We have asked for two changes; call us if unsure.'),
        );
        await page.getByText('We have asked for two changes; call us if unsure.').waitFor();
        await act(page, 'Add a staff note', () =>
          page.locator('#note-body').fill('Applicant phoned; sending the plan tomorrow.'),
        );
        await page.getByText('Applicant phoned; sending the plan tomorrow.').waitFor();
        await check(page, 'case-changes-requested');
        const messages = expectStatus(await api('GET', `/api/v1/applications/${id}/messages`), 200);
        expect((messages.items as { body: string }[]).map((m) => m.body)).toEqual([
          'We have asked for two changes; call us if unsure.',
        ]);

        // ---- the applicant answers through the API ---------------------------------------
        await upload(id, 'site_plan', PDF, 'application/pdf', 'site-plan-v2.pdf');
        expectStatus(
          await api('PATCH', `/api/v1/applications/${id}`, {
            details: {
              description: 'A workshop for furniture; the spray booth vents to the roof.',
            },
          }),
          200,
        );
        expectStatus(await api('POST', `/api/v1/applications/${id}/resubmit`), 200);
        await settled(
          id,
          (v) => v.status === 'submitted' && v.step === 'completeness_check',
          'resubmitted',
        );

        // ---- the clerk: complete, inspection, condition ----------------------------------
        await page.reload();
        await page.getByText('the spray booth vents to the roof').waitFor();
        await act(page, 'Confirm the application is complete', async () => {});
        expect(await banner(page)).toBe('The application is confirmed complete.');
        await settled(id, (v) => v.status === 'under_review' && v.step === 'review', 'in review');
        await page.reload();
        await action(page, 'Schedule an inspection').waitFor();
        await act(page, 'Schedule an inspection', async () => {
          await page
            .locator('#schedule-inspector')
            .selectOption({ label: staff.inspector.fullName });
        });
        expect(await banner(page)).toBe('The inspection has been scheduled.');
        await act(page, 'Add a condition of approval', async () => {
          await page.locator('label', { hasText: 'Site safety plan' }).click();
          await page.locator('#condition-text').fill('Keep the safety plan on site during works.');
        });
        expect(await banner(page)).toBe('The condition has been added.');
        await page
          .locator('.govuk-summary-card', { hasText: 'Keep the safety plan on site during works.' })
          .waitFor();
        await check(page, 'case-inspection-scheduled');
      } finally {
        await clerk.context.close();
      }
      expect(clerk.errors).toEqual([]);
      const scheduled = await settled(id, (v) => v.status === 'inspection', 'inspection');
      const inspection = scheduled.inspections[0];
      if (!inspection) throw new Error('no inspection');

      // ---- the inspector, on a phone -----------------------------------------------------
      const inspector = await newPage(360);
      try {
        const { page } = inspector;
        await signIn(page, staff.inspector, '/inspections');
        await page.locator('h1', { hasText: 'Your inspections today' }).waitFor();
        const card = page.locator('.govuk-summary-card', { hasText: caseNumber });
        await card.waitFor();
        await expect(card.textContent()).resolves.toContain('12 Market Street');
        await check(page, 'inspections-day');
        await card.locator('a').click();
        await page.waitForURL(new RegExp(`/inspections/${inspection.id}\\?date=`));
        await page.locator('h1', { hasText: `Inspection of case ${caseNumber}` }).waitFor();
        await page.locator('#outcome').waitFor();
        await check(page, 'inspection');
        // Nothing chosen: the error beside the field.
        await page.locator('form button[type=submit]').click();
        await page.locator('#outcome-error').waitFor();
        await check(page, 'inspection-errors');
        await page.locator('label', { hasText: 'Passed' }).click();
        await page.locator('#findings').fill('Spray booth vented to the roof as drawn.');
        await page.locator('#photos').setInputFiles({
          name: 'booth.jpg',
          mimeType: 'image/jpeg',
          buffer: jpegWithExif(),
        });
        await page.getByText('Photos chosen: 1').waitFor();
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-notification-banner--success').waitFor();
        expect(await banner(page)).toBe('The result is recorded. Photos: 1.');
        await check(page, 'inspection-recorded');
      } finally {
        await inspector.context.close();
      }
      expect(inspector.errors).toEqual([]);
      await settled(
        id,
        (v) => v.status === 'under_review' && v.inspections[0]?.status === 'passed',
        'inspection passed',
      );

      // ---- the clerk approves (the first of two) -----------------------------------------
      const clerkAgain = await newPage();
      try {
        const { page } = clerkAgain;
        await signIn(page, staff.clerk, `/work/cases/${id}`);
        await action(page, 'Approve').waitFor();
        await act(page, 'Approve', async () => {
          await page.locator('#approve-note').fill('Plans and inspection in order.');
        });
        expect(await banner(page)).toBe('Your approval has been recorded.');
        // Four eyes: the case waits for a supervisor's second approval.
        await page.getByText('waiting for the second approval').waitFor();
      } finally {
        await clerkAgain.context.close();
      }
      expect(clerkAgain.errors).toEqual([]);
      await settled(id, (v) => v.step === 'second_approval', 'second approval');

      // ---- the supervisor: hold, release, second approval, condition met, revocation ------
      const supervisor = await newPage();
      try {
        const { page } = supervisor;
        await signIn(page, staff.supervisor, '/work');
        const card = page.locator('.govuk-summary-card', { hasText: caseNumber });
        await card.waitFor();
        await expect(card.textContent()).resolves.toContain('Second approval');
        // The review clock's due time as a countdown (300 working days ahead).
        await expect(card.textContent()).resolves.toMatch(/Due in \d+ days/);
        await card.locator('a').click();
        await page.waitForURL(`${base}/work/cases/${id}`);
        await action(page, 'Give the second approval').waitFor();
        await check(page, 'case-second-approval');

        await act(page, 'Put the case on hold', async () => {
          await page.locator('label', { hasText: 'Legal review' }).click();
          await page.locator('#hold-note').fill('Neighbour objection under review.');
        });
        expect(await banner(page)).toBe('The case is on hold.');
        await page.locator('.govuk-warning-text').waitFor();
        await expect(action(page, 'Give the second approval').count()).resolves.toBe(0);
        await check(page, 'case-held');
        await settled(id, (v) => v.hold !== null, 'held');
        await act(page, 'Release the hold', async () => {});
        expect(await banner(page)).toBe('The hold has been released.');
        await settled(id, (v) => v.hold === null && v.step === 'second_approval', 'released');

        await page.reload();
        await act(page, 'Give the second approval', async () => {});
        expect(await banner(page)).toBe('Your approval has been recorded.');
        // Approved, but the permit waits for its condition.
        const waiting = await settled(
          id,
          (v) => v.status === 'approved' && v.step === 'awaiting_conditions',
          'awaiting conditions',
        );
        expect(waiting.approverIds).toEqual([staff.clerk.id, staff.supervisor.id]);
        await page.reload();
        await act(page, 'Mark the condition as met', async () => {
          await page.locator('#met-0-note').fill('Safety plan seen on site.');
        });
        expect(await banner(page)).toBe('The condition is marked as met.');
        const issued = await settled(id, (v) => v.status === 'issued', 'issued');
        const permitNumber = issued.permit?.permitNumber ?? '';
        expect(permitNumber).toMatch(/^[A-Z]{4}-P-\d{4}-\d{6}$/);
        await page.reload();
        await page.locator('a', { hasText: permitNumber }).waitFor();
        expect(await statusTag(page)).toBe('Issued');
        await check(page, 'case-issued');
        // The permit's own workflow (its life: expiry, revocation) starts from its event.
        await eventually(
          async () =>
            (await client.workflow.getHandle(permitWorkflowId(permitNumber)).describe()).status
              .name === 'RUNNING'
              ? true
              : undefined,
          WAIT,
          'the permit’s workflow',
        );

        await act(page, 'Revoke the permit', async () => {
          await page.locator('label', { hasText: 'It was issued in error' }).click();
        });
        expect(await banner(page)).toBe('The permit has been revoked.');
        const verified = expectStatus(await api('GET', `/api/v1/permits/${permitNumber}`), 200);
        expect(verified).toMatchObject({ status: 'revoked', valid: false });
        await check(page, 'case-revoked');

        const final = await viewOf(id);
        expect(final.timeline.map((t) => t.transition)).toEqual(
          expect.arrayContaining([
            'assigned',
            'changes-requested',
            'resubmitted',
            'completeness-confirmed',
            'inspection-scheduled',
            'condition-added',
            'inspection-passed',
            'approval-recorded',
            'held',
            'released',
            'approved',
            'condition-met',
            'issued',
          ]),
        );
      } finally {
        await supervisor.context.close();
      }
      expect(supervisor.errors).toEqual([]);
    },
    HANG,
  );
});
