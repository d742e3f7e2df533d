/**
 * `npm run bench:web`: the web UI's entry pages on a slow phone (issue 16, "Figures").
 *
 * The real stack (every app, PostgreSQL, NATS and a Temporal dev server of the bench's own),
 * the built app served by the gateway, the demo accounts of `npm start` and a little data of
 * each kind (an applicant's submitted application). Debian's Chromium (/usr/bin/chromium,
 * headless, driven by playwright-core) loads each persona's entry page in a fresh profile (no
 * cache, signed in through the HttpOnly refresh cookie as the browser keeps it) with the
 * issue's slow mobile profile applied through the DevTools protocol: 1.6 Mbit/s down, 750
 * kbit/s up, 150 ms round trip (`Network.emulateNetworkConditions`), the CPU slowed 4×
 * (`Emulation.setCPUThrottlingRate`), a 360 × 740 screen.
 *
 * - **Largest Contentful Paint** of each entry page (the last `largest-contentful-paint` entry
 *   once the network has been idle for half a second and the page shows its heading): the
 *   median of BENCH_WEB_RUNS (5) loads, each in a new profile.
 * - **The raw engine, same run, same throttling**: a static HTML page with a heading and a
 *   paragraph served by a bare node:http server — what a page costs with no application at all.
 * - **JavaScript the page loaded**, gzipped: every script response of the load, read from
 *   dist/web and gzipped at level 9 (as `npm run web:size` counts a route).
 *
 * Targets: LCP under 2.5 s throttled for every entry page; under 200 kB of JavaScript each.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import {
  appEnvironment,
  CHROMIUM_PATH,
  provisionStreams,
  randomPorts,
  repoRoot,
  runMigrations,
  seedDemoAccounts,
  seedPermitsCatalogue,
  startApps,
  startInfrastructure,
  type RunningApps,
} from '#devstack';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import { benchDataDir, json, median, PDF, printTable } from './report.js';

const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 5));
const LCP_TARGET_MS = 2_500;
const JS_BUDGET = 200 * 1024;
/** The slow mobile profile. */
const SLOW = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};
const CPU_SLOWDOWN = 4;

/** Each persona's entry page: who is signed in, and where. */
interface Entry {
  persona: string;
  role?: string;
  path: (seed: Seed) => string;
}
interface Seed {
  applicationId: string;
}
const ENTRIES: Entry[] = [
  {
    persona: "applicant: an application's status page",
    role: 'citizen',
    path: (s) => `/applications/${s.applicationId}`,
  },
  { persona: 'clerk: the work queue', role: 'clerk', path: () => '/work' },
  { persona: "inspector: the day's inspections", role: 'inspector', path: () => '/inspections' },
  { persona: "auditor: the trail's search", role: 'auditor', path: () => '/audit' },
  { persona: 'public: the transparency dashboard', path: () => '/dashboard' },
];

/** A static page with no application: the raw engine's LCP under the same throttling. */
async function rawPage(): Promise<{ url: string; close: () => Promise<void> }> {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Raw</title></head><body><main><h1>A page with no application</h1><p>The same network and CPU throttling, nothing else.</p></main></body></html>';
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Load {
  lcpMs: number;
  element: string;
  jsBytes: number;
  heading: string;
}

/** One throttled load of `url` in a fresh profile; `signIn` first puts the session's cookie. */
async function load(
  browser: Browser,
  url: string,
  signIn?: { base: string; email: string; password: string },
): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
  });
  try {
    if (signIn) {
      // The login answer sets the HttpOnly refresh cookie in this profile, as the sign-in page's
      // call does; the page then starts its session from the cookie.
      const response = await context.request.post(`${signIn.base}/api/v1/auth/login`, {
        data: { email: signIn.email, password: signIn.password },
      });
      if (!response.ok()) throw new Error(`sign in: ${response.status()} ${await response.text()}`);
    }
    // Every largest-contentful-paint candidate, from the page's first moment.
    // (A string: this project's TypeScript has no DOM types; the code runs in the page.)
    await context.addInitScript(`
      window.__lcp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__lcp.push({
            t: e.startTime,
            el: e.element
              ? e.element.tagName.toLowerCase() + ' "' + (e.element.textContent || '').trim().slice(0, 40) + '"'
              : '?',
          });
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    `);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    const heading = ((await page.locator('h1').first().textContent({ timeout: 60_000 })) ?? '')
      .trim()
      .slice(0, 60);
    const lcp = await page.evaluate<{ t: number; el: string }[]>('window.__lcp');
    const last = lcp.at(-1);
    if (!last) throw new Error(`${url}: no largest-contentful-paint entry`);
    let jsBytes = 0;
    for (const path of scripts)
      jsBytes += gzipSync(readFileSync(join(repoRoot, 'dist/web', path)), { level: 9 }).length;
    return { lcpMs: last.t, element: last.el, jsBytes, heading };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('web');
  const infra = await startInfrastructure({
    dataDir,
    database: 'bench',
    reuse: { postgres: false, nats: false, temporal: false },
    headlessTemporal: true,
  });
  let apps: RunningApps | undefined;
  let browser: Browser | undefined;
  const raw = await rawPage();
  try {
    const ports = await randomPorts();
    const env = appEnvironment(
      {
        databaseUrl: infra.databaseUrl,
        natsUrl: infra.natsUrl,
        ...(infra.natsCredentials ? { natsCredentials: infra.natsCredentials } : {}),
        temporalAddress: infra.temporalAddress,
        ports,
        logLevel: 'warn',
        fileStorageDir: join(dataDir, 'files'),
      },
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
      },
    );
    await runMigrations(env);
    await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
    await seedPermitsCatalogue(env);
    apps = await startApps({ env, ports });
    const demo = await seedDemoAccounts(env, join(dataDir, 'demo-accounts.json'));
    const api = `http://127.0.0.1:${ports.gateway}`;
    // `localhost`: a secure context over plain HTTP, where the browser keeps Secure cookies.
    const base = `http://localhost:${ports.gateway}`;
    const account = (role: string) => {
      const found = demo.find((a) => a.role === role);
      if (!found) throw new Error(`no demo ${role}`);
      return found;
    };

    // The applicant's submitted application (the building permit, its two documents).
    const citizen = account('citizen');
    const { accessToken } = await json<{ accessToken: string }>(
      await fetch(`${api}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: citizen.email, password: citizen.password }),
      }),
      'log in as the applicant',
    );
    const auth = { authorization: `Bearer ${accessToken}` };
    const draft = await json<{ id: string }>(
      await fetch(`${api}/api/v1/applications`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          permitType: BUILDING_PERMIT.code,
          title: 'A garden workshop',
          site: { address: 'Hauptstraße 1, Berlin', lat: 52.52, lon: 13.4 },
          details: { description: 'A garden workshop', storeys: 1, use: 'residential' },
          quantities: { floor_area_m2: 24 },
        }),
      }),
      'draft',
    );
    for (const kind of ['site_plan', 'floor_plans']) {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), `${kind}.pdf`);
      await json(
        await fetch(`${api}/api/v1/applications/${draft.id}/documents`, {
          method: 'POST',
          headers: auth,
          body: form,
        }),
        `upload ${kind}`,
      );
    }
    await json(
      await fetch(`${api}/api/v1/applications/${draft.id}/submit`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': randomUUID() },
      }),
      'submit',
    );
    const seed: Seed = { applicationId: draft.id };

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
    // A warm-up load of the app (the gateway's and the apps' first requests), not counted.
    await load(browser, `${base}/`);

    const rawLoads: Load[] = [];
    const results = new Map<string, Load[]>(ENTRIES.map((e) => [e.persona, []]));
    // Runs take turns across the pages and the raw page, so a slow moment hurts all alike.
    for (let run = 0; run < RUNS; run += 1) {
      rawLoads.push(await load(browser, raw.url));
      for (const entry of ENTRIES) {
        const who = entry.role ? account(entry.role) : undefined;
        results
          .get(entry.persona)
          ?.push(
            await load(
              browser,
              `${base}${entry.path(seed)}`,
              who ? { base, email: who.email, password: who.password } : undefined,
            ),
          );
      }
    }

    const rawLcp = median(rawLoads.map((l) => l.lcpMs));
    const rows = [
      [
        'entry page (360 px, 1.6 Mbit/s, 150 ms RTT, CPU 4x)',
        'LCP (median)',
        'LCP element',
        'JS gzipped',
        'target',
      ],
      [
        'raw engine: a static page, no application (same run)',
        `${rawLcp.toFixed(0)} ms`,
        rawLoads.at(-1)?.element ?? '',
        '0 kB',
        '',
      ],
    ];
    const figures: Record<string, { lcpMs: number; jsKb: number; heading: string }> = {};
    let missed = false;
    for (const entry of ENTRIES) {
      const loads = results.get(entry.persona) ?? [];
      const lcp = median(loads.map((l) => l.lcpMs));
      const js = Math.max(...loads.map((l) => l.jsBytes));
      const ok = lcp < LCP_TARGET_MS && js < JS_BUDGET;
      missed ||= !ok;
      const heading = loads.at(-1)?.heading ?? '';
      figures[entry.persona] = { lcpMs: lcp, jsKb: js / 1024, heading };
      rows.push([
        `${entry.persona} (${entry.path(seed).replace(seed.applicationId, ':id')}, "${heading}")`,
        `${lcp.toFixed(0)} ms (runs ${loads.map((l) => l.lcpMs.toFixed(0)).join(', ')}; ${(lcp / rawLcp).toFixed(1)}x raw)`,
        loads.at(-1)?.element ?? '',
        `${(js / 1024).toFixed(1)} kB`,
        `LCP < 2500 ms, JS < 200 kB: ${ok ? 'ok' : 'MISSED'}`,
      ]);
    }
    printTable(rows);
    process.stdout.write(`${JSON.stringify({ rawLcpMs: rawLcp, pages: figures })}\n`);
    if (missed) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await browser?.close();
    await raw.close();
    await apps?.stop(10_000);
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit();
