/**
 * What the complaints and admin browser tests share: a stack of the real apps (gateway serving
 * the built web app, complaints, permits for the calendar, the worker on the test Temporal
 * server), fresh browser profiles, signing in through the page, and the check every page gets
 * in English and in Hindi (one h1, `<html lang>`, axe, no horizontal scroll at 360 px,
 * screenshots into artifacts/browser).
 */
import { expect } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  randomPorts,
  startApps,
  type AppPorts,
  type ManagedProcess,
  type RunningApps,
} from '#devstack';
import type { ServiceName } from '#contracts';
import { testAppEnvironment, testEnv } from '#testing';
import type { Gateway } from '../factories/gateway.js';
import { expectAccessible, expectNoHorizontalScroll, screenshot } from './browser.js';

export { PASSWORD, signIn } from './browser.js';

/** Hang protection only (no test asserts on time): two shared cores may run it slowly. */
export const HANG = 900_000;
export type Language = 'en' | 'hi';

export interface Stack {
  apps: RunningApps;
  gateway: Gateway;
  /** `localhost`: a secure context over plain HTTP, where the browser keeps Secure cookies. */
  base: string;
}

/** The apps on fresh ports, on the test PostgreSQL, NATS and Temporal. */
export async function startStack(
  name: string,
  apps: readonly ServiceName[],
  env: NodeJS.ProcessEnv = {},
): Promise<Stack> {
  const ports: AppPorts = await randomPorts();
  const running = await startApps({
    env: {
      ...testAppEnvironment(ports, {
        logLevel: 'warn',
        fileStorageDir: `${testEnv().dataDir}/files-${name}`,
      }),
      GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
      ...env,
    },
    ports,
    apps,
  });
  return {
    apps: running,
    gateway: {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: running.processes.get('gateway') as ManagedProcess,
    },
    base: `http://localhost:${ports.gateway}`,
  };
}

/** A fresh browser profile (no cookies, no storage) in English at a desk's width. */
export async function newPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 800 },
    locale: 'en-GB',
  });
  // No time limit on any wait: the machine may be slow; Jest's timeout is the hang protection.
  context.setDefaultTimeout(0);
  context.setDefaultNavigationTimeout(0);
  await context.addInitScript(() => {
    if (!localStorage.getItem('civic.language')) localStorage.setItem('civic.language', 'en');
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Switches the page's language with the switcher above it, and waits for `<html lang>`. */
export async function switchLanguage(page: Page, language: Language) {
  const current = await page.locator('html').getAttribute('lang');
  if (current === language) return;
  await page.locator(`.civic-language button[lang=${language}]`).click();
  // A locator, not waitForFunction: the page's CSP forbids the eval that polling would use.
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

/**
 * Checks the page as it stands in both languages: one h1, the document's language, axe-core
 * (no serious or critical violation), no horizontal scroll at 360 px, screenshots at the
 * desk's width and at 360 px. Leaves the page in English. `hindi` runs once the page is in
 * Hindi (to assert what it says there).
 */
export async function checkBoth(
  page: Page,
  name: string,
  hindi?: (page: Page) => Promise<void>,
): Promise<void> {
  for (const language of ['en', 'hi'] as const) {
    await switchLanguage(page, language);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
    if (language === 'hi' && hindi) await hindi(page);
    await expectAccessible(page, `${name}-${language}`);
    await screenshot(page, `${name}-${language}`);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
    await screenshot(page, `${name}-${language}-360`);
    if (size) await page.setViewportSize(size);
  }
  await switchLanguage(page, 'en');
}

/** The text of the page's h1. */
export const h1 = async (page: Page): Promise<string> =>
  (await page.locator('h1').textContent())?.trim() ?? '';
