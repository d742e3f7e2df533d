import { SERVICE_NAMES, type ServiceName } from '#contracts';
import type { NatsAuth } from '#platform';

/** Where the servers started by the tests' global set-up are (see test/setup). */
export interface TestEnv {
  databaseUrl: string;
  adminDatabaseUrl: string;
  natsUrl: string;
  /**
   * The NATS admin user (full permissions): what a test connects with unless it plays an app,
   * e.g. `connectNats({ name, servers: testEnv().natsUrl, auth: testEnv().natsAuth })`.
   */
  natsAuth: NatsAuth;
  /** Each app's own NATS user, allowed only what that app may do (for `appEnvironment`). */
  serviceNatsCredentials: Record<ServiceName, NatsAuth>;
  /** One app's own NATS user. */
  serviceNatsAuth(name: ServiceName): NatsAuth;
  /** The NATS server's HTTP monitor (`/connz`, `/jsz`, ...). */
  natsMonitorUrl: string;
  temporalAddress: string;
  dataDir: string;
}

export function testEnv(): TestEnv {
  const get = (name: string): string => {
    const value = process.env[name];
    if (!value)
      throw new Error(
        `${name} is not set: run the tests through npm test (its global set-up starts the servers)`,
      );
    return value;
  };
  const services = JSON.parse(get('CIVIC_TEST_NATS_SERVICE_CREDENTIALS')) as Partial<
    Record<ServiceName, NatsAuth>
  >;
  const serviceNatsAuth = (name: ServiceName): NatsAuth => {
    const auth = services[name];
    if (!auth) throw new Error(`CIVIC_TEST_NATS_SERVICE_CREDENTIALS has no user for ${name}`);
    return auth;
  };
  return {
    databaseUrl: get('CIVIC_TEST_DATABASE_URL'),
    adminDatabaseUrl: get('CIVIC_TEST_ADMIN_DATABASE_URL'),
    natsUrl: get('CIVIC_TEST_NATS_URL'),
    natsAuth: { user: get('CIVIC_TEST_NATS_USER'), pass: get('CIVIC_TEST_NATS_PASSWORD') },
    serviceNatsCredentials: Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, serviceNatsAuth(n)]),
    ) as Record<ServiceName, NatsAuth>,
    serviceNatsAuth,
    natsMonitorUrl: get('CIVIC_TEST_NATS_MONITOR_URL'),
    temporalAddress: get('CIVIC_TEST_TEMPORAL_ADDRESS'),
    dataDir: get('CIVIC_TEST_DATA_DIR'),
  };
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
