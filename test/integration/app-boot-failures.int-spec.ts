import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ServiceName } from '#contracts';
import { appEntry, freePort, repoRoot, run } from '#devstack';
import { testEnv } from '#testing';
import { testAppEnv } from '../factories/apps.js';

/** Boots one app with the test servers and `overrides`; resolves when it has exited. */
function boot(app: ServiceName, overrides: NodeJS.ProcessEnv) {
  return run(process.execPath, [appEntry(app)], {
    cwd: repoRoot,
    env: {
      ...testAppEnv(app),
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      SHUTDOWN_TIMEOUT_MS: '3000',
      ...overrides,
    },
  });
}

const lines = (output: string) => output.trim().split('\n').filter(Boolean);

describe('an app that cannot start says why in one line and exits', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it('names the invalid variable', async () => {
    const result = await boot('permits', {
      DATABASE_URL: 'mysql://root@db/civic',
      PERMITS_OPS_PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(lines(result.output)).toHaveLength(1);
    const line = JSON.parse(lines(result.output)[0] as string) as { level: string; msg: string };
    expect(line.level).toBe('fatal');
    expect(line.msg).toBe(
      'permits failed to start: invalid configuration for permits: DATABASE_URL must be a postgres:// connection URL',
    );
  });

  it('names the port that is taken and the variable that moves it', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(port, '127.0.0.1', resolve));
    const result = await boot('audit', { AUDIT_OPS_PORT: String(port), LOG_LEVEL: 'error' });
    expect(result.code).toBe(1);
    const fatal = lines(result.output)
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((l) => l.level === 'fatal');
    expect(fatal.map((l) => l.msg)).toEqual([
      `audit failed to start: port ${port} is already in use: stop what holds it or set AUDIT_OPS_PORT to a free port`,
    ]);
    expect(result.output).not.toMatch(/\n\s+at /);
  });

  it('names the public port of the gateway when it is taken', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(port, '127.0.0.1', resolve));
    const result = await boot('gateway', {
      GATEWAY_PORT: String(port),
      GATEWAY_OPS_PORT: String(await freePort()),
      LOG_LEVEL: 'error',
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `gateway failed to start: port ${port} is already in use: stop what holds it or set GATEWAY_PORT to a free port`,
    );
  });
});
