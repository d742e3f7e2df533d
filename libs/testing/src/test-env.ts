/** Where the servers started by the tests' global set-up are (see test/setup). */
export interface TestEnv {
  databaseUrl: string;
  adminDatabaseUrl: string;
  natsUrl: string;
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
  return {
    databaseUrl: get('CIVIC_TEST_DATABASE_URL'),
    adminDatabaseUrl: get('CIVIC_TEST_ADMIN_DATABASE_URL'),
    natsUrl: get('CIVIC_TEST_NATS_URL'),
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
