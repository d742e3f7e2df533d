/**
 * The audit pages and the public permit proof in a real browser (issue 16): Debian's Chromium,
 * headless, against the real gateway (serving the built app), permits and audit services on the
 * test PostgreSQL and NATS. A permit is issued by the permits service's own use cases (the
 * transitions and the issuance the workflow's activities ask for, over NATS as the worker); the
 * audit service appends its events and signs tree heads with the local stack's key, whose public
 * half the build pinned into the app (deploy/trusted-log-keys.mjs). The public verifies the
 * permit's proof IN THE PAGE; an auditor searches the trail, opens a case's timeline and sees
 * every entry's inclusion proof verified in the browser, the signed tree head too, and exports.
 * Tampered proofs are the unit tests' (apps/web/src/verification): this server cannot be made
 * to lie. Every page: axe in English and Hindi, 360 px, screenshots into artifacts/browser.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  defaultDataDir,
  ensureSigningKey,
  randomPorts,
  repoRoot,
  startApps,
  type AppPorts,
  type RunningApps,
  ManagedProcess,
} from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import { keyIdOf } from '#audit-log';
import { anAccount } from '../factories/accounts.js';
import { call, type Gateway, expectStatus } from '../factories/gateway.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  PASSWORD,
  screenshot,
  signIn as signInThere,
} from './browser.js';

/** Hang protection only (no test asserts on time). */
const HANG = 600_000;
const LANGUAGES = ['en', 'hi'] as const;
type Language = (typeof LANGUAGES)[number];

describe('audit pages and the public permit proof in Chromium, checked in the browser', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let browser: Browser;
  let nc: NatsConnection;
  let base: string;
  let permitNumber: string;
  let applicationId: string;
  let issuedSeq: number;
  const auditor = { email: `auditor.${randomUUID().slice(0, 8)}@city.example` };

  beforeAll(async () => {
    // The key the build pinned (no WEB_TRUSTED_LOG_KEYS: the local stack's audit key) signs.
    const pem = ensureSigningKey(defaultDataDir(), 'audit');
    const keyId = keyIdOf(createPrivateKey(pem));
    const assets = join(repoRoot, 'dist/web/assets');
    const bundled = readdirSync(assets).some(
      (name) => name.endsWith('.js') && readFileSync(join(assets, name), 'utf8').includes(keyId),
    );
    if (!bundled)
      throw new Error(
        `dist/web does not pin the local audit key ${keyId}: run npm run build without WEB_TRUSTED_LOG_KEYS`,
      );

    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, {
          logLevel: 'warn',
          fileStorageDir: `${env.dataDir}/files-browser-audit`,
        }),
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
        AUDIT_SIGNING_KEY: pem,
        AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1',
      },
      ports,
      apps: ['gateway', 'permits', 'audit'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    base = `http://localhost:${ports.gateway}`;

    // A permit type without documents, a citizen's application submitted through the gateway.
    const admin = await anAccount(gateway, 'admin');
    const permitType = `audit-${randomUUID().slice(0, 8)}`;
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
          names: { en: 'Kiosk permit', hi: 'कियोस्क परमिट' },
          documentKinds: [],
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
    const citizen = await anAccount(gateway, 'citizen');
    applicationId = expectStatus(
      await call(gateway, 'POST', '/api/v1/applications', {
        token: citizen.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          permitType,
          title: 'A kiosk',
          site: { address: '2 Audit Street' },
          details: { description: 'A kiosk' },
          quantities: { floor_area_m2: 10 },
        },
      }),
      201,
    ).id as string;
    expectStatus(
      await call(gateway, 'POST', `/api/v1/applications/${applicationId}/submit`, {
        token: citizen.token,
        headers: { 'idempotency-key': randomUUID() },
      }),
      200,
    );

    // Review, approval and issuance: the permits service's own use cases, asked over NATS as
    // the workflow's activities ask them (the worker's NATS user).
    nc = await connectNats({
      name: 'browser-audit-worker',
      servers: env.natsUrl,
      auth: env.serviceNatsAuth('worker'),
    });
    const worker = new ServiceClient(nc, 30_000);
    const ask: ServiceClient['request'] = (pattern, data, options) =>
      runWithContext({ correlationId: randomUUID(), system: true, requestKey: randomUUID() }, () =>
        worker.request(pattern, data, options),
      );
    const clerk = await anAccount(gateway, 'clerk');
    await ask('permits.internal.application.transition', {
      applicationId,
      seq: 1,
      transition: 'review-started',
      facts: {
        reviewDueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        workingDaysLeft: 10,
        secondApprovalRequired: false,
      },
    });
    await ask('permits.internal.application.transition', {
      applicationId,
      seq: 2,
      transition: 'approved',
      actor: { userId: clerk.id, role: 'clerk' },
      facts: { approverIds: [clerk.id] },
    });
    permitNumber = (await ask('permits.internal.permit.issue', { applicationId, seq: 3 }))
      .permitNumber;

    // The audit log appends the issuance and signs a head over it: its proof is public.
    issuedSeq = await eventually(
      async () => {
        const reply = await call(gateway, 'GET', `/api/v1/permits/${permitNumber}/proof`);
        return reply.status === 200
          ? ((reply.body.entries as { seq: number }[])[0]?.seq ?? undefined)
          : undefined;
      },
      120_000,
      `the proof of ${permitNumber}`,
    );

    // An auditor who signs in through the page.
    expectStatus(
      await call(gateway, 'POST', '/api/v1/users', {
        token: admin.token,
        body: { email: auditor.email, password: PASSWORD, fullName: 'An Auditor', role: 'auditor' },
      }),
      201,
    );

    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await apps?.stop(20_000);
  }, 60_000);

  const newPage = async (
    language: Language,
    width = 1024,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width, height: 800 },
      locale: language === 'hi' ? 'hi-IN' : 'en-GB',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
    await context.addInitScript((lang) => localStorage.setItem('civic.language', lang), language);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  };

  /** One h1, the document's language, axe, 360 px, screenshots. */
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
    'the public verifies a permit: its proof checked in the page against the pinned key (%s)',
    async (language) => {
      const { context, page, errors } = await newPage(language);
      try {
        // The page never asks the server for keys.
        const asked: string[] = [];
        page.on('request', (request) => asked.push(new URL(request.url()).pathname));
        await page.goto(`${base}/verify?number=${permitNumber}`);
        await page.locator('[data-testid=proof-statements]').waitFor();
        const statements = await page
          .locator('[data-testid=proof-statements] li')
          .allTextContents();
        const head = (await call(gateway, 'GET', `/api/v1/permits/${permitNumber}/proof`)).body
          .treeHead as { treeSize: number };
        if (language === 'en') {
          expect(statements[0]).toMatch(
            new RegExp(`^Issued, proven: entry ${issuedSeq} of the audit log, recorded on `),
          );
          expect(statements[1]).toMatch(
            /^Status as of tree head \d+ \(signed on .+ with key [0-9a-f]{16}\): issued\.$/,
          );
          expect(Number(/tree head (\d+)/.exec(statements[1] ?? '')?.[1])).toBeLessThanOrEqual(
            head.treeSize,
          );
          expect(statements[2]).toBe(
            'That no later revocation exists is not proven by this proof. A complete export of the log can prove it (npm run permit:verify with --export).',
          );
          await expect(page.locator('[data-testid=proof-status]').textContent()).resolves.toBe(
            'issued',
          );
        } else {
          expect(statements[0]).toContain(`जारी, प्रमाणित: ऑडिट लॉग की प्रविष्टि ${issuedSeq}`);
          await expect(page.locator('[data-testid=proof-status]').textContent()).resolves.toBe(
            'जारी',
          );
        }
        expect(await page.locator('[data-testid=proof-failures]').count()).toBe(0);
        expect(asked).toContain(`/api/v1/permits/${permitNumber}/proof`);
        expect(asked.filter((path) => path.includes('public-keys'))).toEqual([]);
        await check(page, 'verify-proven', language);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  /** Waits until no element matches (the page's CSP forbids waitForFunction's eval). */
  const noneLeft = async (page: Page, selector: string) => {
    while ((await page.locator(selector).count()) > 0)
      await page.locator(selector).first().waitFor({ state: 'detached' });
  };

  /** Opens `next` signed out, is sent to sign in, and signs in there as the auditor. */
  const signIn = async (page: Page, next: string) => {
    await page.goto(`${base}${next}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInThere(page, base, auditor.email, next);
  };

  it.each(LANGUAGES)(
    'an auditor searches the trail, opens a case and sees every entry verified in the browser (%s)',
    async (language) => {
      const { context, page, errors } = await newPage(language);
      try {
        await signIn(page, '/audit');
        await page.locator('[data-testid=tree-head] .govuk-tag--green').waitFor();
        await check(page, 'audit-search', language);

        // An empty search: the error summary and the field.
        await page.locator('form button[type=submit]').click();
        await page.locator('.govuk-error-summary').waitFor();
        await page.locator('#subject-error').waitFor();
        await check(page, 'audit-search-error', language);

        // By case: the application's events, oldest first.
        await page.locator('#subject').fill(applicationId);
        await page.locator('form button[type=submit]').click();
        await page.locator('[data-testid=audit-results]').waitFor();
        const types = await page
          .locator('[data-testid=audit-results] tbody tr td:nth-child(3)')
          .allTextContents();
        expect(types).toEqual(
          expect.arrayContaining([
            'gov.permits.application.submitted.v1',
            'gov.permits.application.review-started.v1',
            'gov.permits.application.approved.v1',
          ]),
        );
        await check(page, 'audit-results', language);

        // By event type and time: the issuance, found among others of that type.
        await page.goto(
          `${base}/audit?type=gov.permits.permit.issued.v1&from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
        );
        await page.locator('[data-testid=audit-results]').waitFor();
        await page.getByRole('link', { name: permitNumber }).waitFor();

        // The application's timeline: each entry proven in the signed head, in this browser.
        await page.goto(`${base}/audit?subject=${applicationId}`);
        await page.locator('[data-testid=audit-results]').waitFor();
        await page.getByRole('link', { name: applicationId }).first().click();
        await page.waitForURL(`${base}/audit/cases/permits/${applicationId}`);
        const entries = page.locator('[data-testid=timeline] > li');
        await entries.first().waitFor();
        const count = await entries.count();
        expect(count).toBeGreaterThanOrEqual(3);
        // Every entry's proof is checked; one recorded after the head is signed on demand.
        await noneLeft(page, '[data-proof=checking]');
        if ((await page.locator('[data-proof=unsigned]').count()) > 0) {
          await page
            .getByRole('button', {
              name: language === 'en' ? 'Sign a tree head now' : 'अभी ट्री हेड पर हस्ताक्षर करें',
            })
            .click();
          await noneLeft(page, '[data-proof=checking], [data-proof=unsigned]');
        }
        await expect(page.locator('[data-proof=verified]').count()).resolves.toBe(count);
        await check(page, 'audit-case', language);

        // The case at a moment (now): rebuilt from its events.
        await page.locator('form button[type=submit]').click();
        await page.locator('[data-testid=case-state]').waitFor();
        await check(page, 'audit-case-state', language);

        // The permit's own timeline: its issuance verified.
        await page.goto(`${base}/audit/cases/permits/${permitNumber}`);
        await page.locator('[data-proof=verified]').first().waitFor();
        await expect(page.locator('[data-testid=timeline] h3').allTextContents()).resolves.toEqual([
          'gov.permits.permit.issued.v1',
        ]);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'an auditor exports a query as JSON Lines with proofs and as CSV',
    async () => {
      const { context, page, errors } = await newPage('en');
      try {
        await signIn(page, `/audit?subject=${applicationId}`);
        await page.locator('[data-testid=audit-results]').waitFor();
        const [jsonl] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download JSON Lines with proofs' }).click(),
        ]);
        expect(jsonl.suggestedFilename()).toMatch(/^audit-\d+\.jsonl$/);
        const lines = readFileSync(await jsonl.path(), 'utf8')
          .trim()
          .split('\n');
        const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
        expect(header).toMatchObject({
          kind: 'header',
          format: 'civic-audit-export-v1',
          query: { subject: applicationId },
        });
        expect(lines.length).toBeGreaterThanOrEqual(4);
        expect(
          lines
            .slice(1)
            .every((line) => (JSON.parse(line) as { subject: string }).subject === applicationId),
        ).toBe(true);

        const [csv] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        const rows = readFileSync(await csv.path(), 'utf8')
          .trim()
          .split('\n');
        expect(rows[0]).toBe('seq,type,subject,actor,occurredAt,leafHash,entryHash');
        expect(
          rows.slice(1).some((row) => row.includes('gov.permits.application.submitted.v1')),
        ).toBe(true);
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );

  it(
    'sends a signed-out reader to sign in, and tells another role the page is for auditors',
    async () => {
      const { context, page, errors } = await newPage('en');
      try {
        await page.goto(`${base}/audit/cases/permits/${applicationId}`);
        await page.waitForURL(/\/sign-in\?next=%2Faudit%2Fcases%2Fpermits%2F/);
        const clerk = `clerk.${randomUUID().slice(0, 8)}@city.example`;
        const admin = await anAccount(gateway, 'admin');
        expectStatus(
          await call(gateway, 'POST', '/api/v1/users', {
            token: admin.token,
            body: { email: clerk, password: PASSWORD, fullName: 'A Clerk', role: 'clerk' },
          }),
          201,
        );
        await page.locator('#email').fill(clerk);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form button[type=submit]').click();
        await page.waitForURL(`${base}/audit/cases/permits/${applicationId}`);
        await page.getByText('This page is for auditors. Your account has another role.').waitFor();
        await check(page, 'audit-other-role', 'en');
      } finally {
        await context.close();
      }
      expect(errors).toEqual([]);
    },
    HANG,
  );
});
