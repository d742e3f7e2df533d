/**
 * Browser tests' tools: Debian's Chromium driven headless by playwright-core (never a
 * downloaded browser; `npm run setup:binaries` installs it when /usr/bin/chromium is missing),
 * axe-core on a page, and screenshots kept under artifacts/browser (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, repoRoot } from '#devstack';

export const ARTIFACTS = join(repoRoot, 'artifacts/browser');

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });

/** WCAG 2.2 AA as axe-core checks it: no serious or critical violation on the page. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const grave = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }));
  expect(grave).toEqual([]);
}

/** A full-page screenshot, kept as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Nothing wider than the viewport: the page reflows at a 360-pixel phone's width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string: this project's TypeScript has no DOM types (the page's code runs in the browser).
  const widths = await page.evaluate<{ content: number; viewport: number }>(
    '({ content: document.documentElement.scrollWidth, viewport: window.innerWidth })',
  );
  expect(widths.content).toBeLessThanOrEqual(widths.viewport);
}

/** The password every browser test's accounts are given. */
export const PASSWORD = 'correct horse battery staple';

/**
 * Signs in through the sign-in page (the page may have sent the browser there itself), and
 * waits until the browser is at `next` and the sign-in page has left the screen.
 */
export async function signIn(page: Page, base: string, email: string, next: string) {
  if (!page.url().includes('/sign-in')) await page.goto(`${base}/sign-in?next=${next}`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`${base}${next}`);
  // The router changes the URL before React has rendered the new page (its render runs as a
  // transition): until the sign-in form is gone, the page is still the sign-in page.
  await page.locator('#password').waitFor({ state: 'detached' });
}
