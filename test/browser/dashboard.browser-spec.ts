/**
 * The public transparency dashboard in a real browser: Debian's Chromium against the real
 * gateway (serving the built app) and the insights read model, fed with real contract events
 * on the test NATS. The page shows each figure as a chart with a table of the same numbers
 * beside it, withheld figures say so, every open-data file downloads in CSV and JSON, and the
 * page passes axe in English and Hindi and reflows at 360 px. It is reached from the start
 * page and the header's navigation.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  OPEN_DATASET_COLUMNS,
  OPEN_DATASETS,
  PERMIT_APPLICATION_APPROVED_V1,
  PERMIT_APPLICATION_SUBMITTED_V1,
  SYSTEM_ACTOR,
  type EventMap,
  type EventSubject,
} from '#contracts';
import { randomPorts, startApps, type AppPorts, type RunningApps } from '#devstack';
import { buildEnvelope, connectNats } from '#platform';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  screenshot,
} from './browser.js';

/** Hang protection only (no test asserts on time). */
const HANG = 600_000;
const LANGUAGES = ['en', 'hi'] as const;
type Language = (typeof LANGUAGES)[number];
const HOUR = 3_600_000;
const run = randomUUID().slice(0, 8);
/** This run's own permit types: one with enough cases, one too small to show. */
const BIG = `dash-big-${run}`;
const SMALL = `dash-small-${run}`;
/** A second small one: with two withheld, no complement is withheld beside them. */
const SMALL2 = `dash-other-${run}`;

describe('the transparency dashboard in Chromium', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let browser: Browser;
  let nc: NatsConnection;
  let base: string;

  const publish = async <K extends EventSubject>(
    subject: K,
    id: string,
    sequence: number,
    data: EventMap[K],
    time: string,
  ) => {
    const event = {
      ...buildEnvelope(
        'permits',
        { subject, aggregateId: id, data, actor: SYSTEM_ACTOR },
        sequence,
        `dash-${id}`,
      ),
      time,
    };
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: event.id });
  };

  /** An application submitted `hours` before now and approved now. */
  const decided = async (type: string, hours: number) => {
    const id = randomUUID();
    const base = { applicationId: id, permitType: type, typeVersion: 1 };
    const now = Date.now();
    const submittedAt = new Date(now - hours * HOUR).toISOString();
    await publish(
      PERMIT_APPLICATION_SUBMITTED_V1,
      id,
      1,
      { ...base, applicantId: randomUUID(), submittedAt },
      submittedAt,
    );
    await publish(
      PERMIT_APPLICATION_APPROVED_V1,
      id,
      2,
      { ...base, approverIds: [randomUUID()] },
      new Date(now).toISOString(),
    );
  };

  beforeAll(async () => {
    ports = await randomPorts();
    apps = await startApps({
      env: {
        ...testAppEnvironment(ports, { logLevel: 'warn' }),
        GATEWAY_FIGURES_CACHE_SECONDS: '0',
      },
      ports,
      apps: ['gateway', 'insights'],
    });
    // `localhost`: a secure context over plain HTTP, as the other browser tests use.
    base = `http://localhost:${ports.gateway}`;
    nc = await connectNats({
      name: 'btest-dashboard',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    for (const hours of [2, 4, 6, 8, 10, 12]) await decided(BIG, hours);
    for (const hours of [3, 5]) await decided(SMALL, hours);
    for (const hours of [1, 2, 3]) await decided(SMALL2, hours);
    // Until insights has handled everything on the stream.
    const jsm = await jetstreamManager(nc);
    await eventually(
      async () => {
        const info = await jsm.consumers.info('PERMITS', 'insights').catch(() => undefined);
        return info && info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
      },
      120_000,
      'insights consumed the permits stream',
    );
    browser = await launchBrowser();
  }, 240_000);

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

  const check = async (page: Page, name: string, language: Language) => {
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
    await expect(page.title()).resolves.toBe(
      `${await page.locator('h1').textContent()} – ${language === 'en' ? 'City services' : 'नगर सेवाएँ'}`,
    );
    await expectAccessible(page, `${name}-${language}`);
    await screenshot(page, `${name}-${language}`);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, `${name}-${language}-360`);
    await page.setViewportSize({ width: 1024, height: 800 });
  };

  /** The table of the figure headed `title` in the section headed `section`, as text rows. */
  const tableOf = async (page: Page, section: string, title: string): Promise<string[][]> => {
    const figure = page
      .locator('section', { has: page.locator('h2', { hasText: section }) })
      .locator('section.civic-figure', { has: page.locator('h3', { hasText: title }) });
    const rows = figure.locator('tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i += 1)
      out.push((await rows.nth(i).locator('th, td').allTextContents()).map((s) => s.trim()));
    return out;
  };

  it.each(LANGUAGES)(
    'shows every figure as a chart with its table, withheld figures marked (%s)',
    async (language) => {
      const { context, page, errors } = await newPage(language);
      try {
        // From the start page, and from the header's navigation.
        await page.goto(`${base}/`);
        await page.locator('h1').waitFor();
        await page.locator('main a[href="/dashboard"]').click();
        await page.locator('.civic-figure').first().waitFor();
        expect(new URL(page.url()).pathname).toBe('/dashboard');
        await expect(
          page.locator('header nav a[href="/dashboard"]').getAttribute('aria-current'),
        ).resolves.toBe('page');

        const t =
          language === 'en'
            ? {
                applications: 'Permit applications',
                byType: 'By permit type',
                processing: 'Processing times',
                withheld: 'withheld',
              }
            : {
                applications: 'परमिट आवेदन',
                byType: 'परमिट के प्रकार के अनुसार',
                processing: 'निपटान का समय',
                withheld: 'रोका गया',
              };
        await expect(page.locator('h1').textContent()).resolves.toBe(
          language === 'en' ? 'How the city’s services are doing' : 'नगर की सेवाएँ कैसा काम कर रही हैं',
        );

        // Each figure: a chart (an image with a text alternative) and a table beside it.
        const figures = page.locator('section.civic-figure');
        const count = await figures.count();
        expect(count).toBeGreaterThanOrEqual(5);
        for (let i = 0; i < count; i += 1) {
          const figure = figures.nth(i);
          if ((await figure.locator('table').count()) === 0) continue; // no figures of its kind yet
          await expect(
            figure.locator('svg[role="img"]').getAttribute('aria-label'),
          ).resolves.toMatch(
            language === 'en' ? /^Bar chart, .+ table beside it/ : /^बार चार्ट, .+तालिका/,
          );
          await expect(figure.locator('table.govuk-table').count()).resolves.toBe(1);
        }

        // The numbers of this run's types, in the table and in the chart's bar labels.
        const byType = await tableOf(page, t.applications, t.byType);
        expect(byType).toEqual(
          expect.arrayContaining([
            [BIG, '6'],
            [SMALL, t.withheld],
          ]),
        );
        const times = await tableOf(page, t.applications, t.processing);
        // 2 to 12 hours: median 7, 90th percentile 11.
        expect(times).toEqual(expect.arrayContaining([[BIG, '6', '7', '11']]));
        expect(times).toEqual(
          expect.arrayContaining([[SMALL, t.withheld, t.withheld, t.withheld]]),
        );
        const chartText = await page
          .locator('section.civic-figure', { has: page.locator('h3', { hasText: t.byType }) })
          .first()
          .locator('svg')
          .textContent();
        expect(chartText).toContain(BIG);
        expect(chartText).toContain(t.withheld);

        await check(page, 'dashboard', language);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    HANG,
  );

  it(
    'downloads every open-data file in CSV and JSON',
    async () => {
      const { context, errors } = await newPage('en');
      try {
        for (const dataset of OPEN_DATASETS) {
          // A page per dataset: Chromium holds back a tab's many downloads in a row.
          const page = await context.newPage();
          page.on('pageerror', (error) => errors.push(error.message));
          await page.goto(`${base}/dashboard`);
          await page.locator('#open-data-heading').waitFor();
          for (const format of ['csv', 'json'] as const) {
            const link = page.locator(`a[href="/api/v1/open-data/${dataset}.${format}"]`);
            await expect(link.textContent()).resolves.toMatch(/^Download .+ \((CSV|JSON)\)$/);
            const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
            expect(download.suggestedFilename()).toBe(`${dataset}.${format}`);
            const text = readFileSync(await download.path(), 'utf8');
            if (format === 'csv')
              expect(text.split('\r\n')[0]).toBe(OPEN_DATASET_COLUMNS[dataset].join(','));
            else expect(Array.isArray(JSON.parse(text))).toBe(true);
            if (dataset === 'processing-times' && format === 'csv')
              expect(text).toContain(`applications,${SMALL},`);
            if (dataset === 'applications-by-month' && format === 'json')
              expect(JSON.parse(text)).toEqual(
                expect.arrayContaining([
                  expect.objectContaining({ permitType: SMALL, decided: null }),
                ]),
              );
          }
          await page.close();
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    HANG,
  );
});
