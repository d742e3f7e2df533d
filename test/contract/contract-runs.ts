import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REQUEST_SERVICES, ROLES, type Role } from '#contracts';
import {
  randomPorts,
  repoRoot,
  resolveSchemathesis,
  run,
  runMigrations,
  startApps,
  type PythonTool,
  type RunningApps,
} from '#devstack';
import { testAppEnvironment, testEnv } from '#testing';
import { staffFromCli } from '../factories/accounts.js';
import { allowed, gatewayRoutes, openApiName, type Who } from '../factories/gateway-routes.js';

/**
 * The API contract: schemathesis fuzzes the gateway's own OpenAPI 3.1 document with all of its
 * checks against the real gateway and services, once anonymously and once as each role, each
 * run on a fresh database. Any finding fails the test and its report is the failure message.
 * Rate limits stay as configured for production: the document states the 429s instead.
 * test/contract/contract_hooks.py leaves out only what would change the acting account or its
 * role's settings.
 */
const SEED = 20_261_130;
// Examples per operation and run. The document grew from about 55 operations to over 100 with
// permits and complaints, run once per role (8 runs); at 20 a run took over 3 minutes on 2 cores,
// which alone was most of CI's 30-minute budget. The seed stays fixed, so a finding is reproducible.
const MAX_EXAMPLES = 8;
// Of this run's own, so runs on one shared PostgreSQL (DATABASE_URL) do not meet.
const PREFIX = `civic_contract_${process.pid}`;
const TEMPLATE = `${PREFIX}_template`;
const PASSWORD = 'contract-test-password-1';

const databaseUrl = (name: string): string => {
  const url = new URL(testEnv().databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

const admin = async <T>(work: (db: pg.Client) => Promise<T>): Promise<T> => {
  const db = new pg.Client({ connectionString: testEnv().adminDatabaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
};

const environment = (database: string, ports: Awaited<ReturnType<typeof randomPorts>>) => {
  return testAppEnvironment(ports, {
    databaseUrl: databaseUrl(database),
    logLevel: 'warn',
    fileStorageDir: join(testEnv().dataDir, `files-${database}`),
  });
};

/** An account of `role` made as the tests make staff (the gateway's CLI), and its token. */
async function actingAccount(
  database: string,
  gatewayUrl: string,
  role: Role,
): Promise<{ token: string; userId: string }> {
  const email = `contract.${role}@city.example`;
  const created = await staffFromCli(databaseUrl(database), {
    email,
    role,
    fullName: `Contract ${role}`,
    password: PASSWORD,
  });
  expect({ role, code: created.code }).toEqual({ role, code: 0 });
  const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken: token } = (await login.json()) as { accessToken: string };
  const me = (await (
    await fetch(`${gatewayUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { id: string; role: string };
  expect(me.role).toBe(role);
  return { token, userId: me.id };
}

/**
 * A run's configuration: test/contract/schemathesis.toml, where each operation the acting
 * identity may not call (by the gateway's own access policies) gets no coverage phase and 3
 * fuzzed examples instead of MAX_EXAMPLES. Such an operation answers 401 or 403 before it reads
 * anything of the request, so the coverage phase's boundary cases would each get the same
 * refusal; the examples still hold the document to that refusal, and the access matrix
 * (test/integration/gateway-access.int-spec.ts) calls every route as every role. On 2 cores
 * this took the auditor's run from 138 s to 93 s (it may call 73 of 146 operations). The
 * blocks go before the file's own: schemathesis applies the first block that names an
 * operation.
 */
function runConfig(who: Who, dir: string): string {
  const base = readFileSync(join(repoRoot, 'test', 'contract', 'schemathesis.toml'), 'utf8');
  const blocks = gatewayRoutes()
    .filter((route) => !allowed(route.policy, who))
    .map(
      (route) =>
        `[[operations]]\ninclude-name = ${JSON.stringify(openApiName(route))}\nphases.coverage.enabled = false\ngeneration.max-examples = 3\n`,
    )
    .join('\n');
  const at = base.indexOf('\n[[operations]]');
  const text = at < 0 ? `${base}\n${blocks}` : `${base.slice(0, at)}\n${blocks}${base.slice(at)}`;
  const file = join(dir, `schemathesis-${who}.toml`);
  writeFileSync(file, text);
  return file;
}

/**
 * The runs split in two halves, one spec file each (`openapi.contract-spec.ts`,
 * `openapi-operations.contract-spec.ts`), so that npm test's two Jest processes can take one
 * each (test/setup/run-tiers.mjs): eight runs in one file were most of CI's time. A role added
 * later falls into the second half.
 */
export const FIRST_HALF: readonly Who[] = ['anonymous', 'citizen', 'clerk', 'supervisor'];
export const SECOND_HALF: readonly Who[] = ROLES.filter((role) => !FIRST_HALF.includes(role));

/** The contract runs as each of `runs`, on fresh databases. */
export const contractRuns = (runs: readonly Who[]): void =>
  describe('contract: the OpenAPI document says exactly what the gateway does', () => {
    let schemathesis: PythonTool;
    // Hypothesis's own caches (constants, unicode data) go here, not into the checkout.
    let hypothesisDir: string;

    beforeAll(async () => {
      schemathesis = await resolveSchemathesis();
      hypothesisDir = mkdtempSync(join(tmpdir(), 'civic-contract-hypothesis-'));
      // One migrated database; each run copies it (CREATE DATABASE ... TEMPLATE).
      await admin(async (db) => {
        await db.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
        await db.query(`CREATE DATABASE ${TEMPLATE}`);
      });
      await runMigrations(environment(TEMPLATE, await randomPorts()));
    });

    afterAll(async () => {
      rmSync(hypothesisDir, { recursive: true, force: true });
      await admin((db) => db.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`));
    });

    it.each(runs)(
      'schemathesis finds nothing, all checks, as %s',
      async (who) => {
        const database = `${PREFIX}_${who}`;
        await admin(async (db) => {
          await db.query(`DROP DATABASE IF EXISTS ${database}`);
          await db.query(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE}`);
        });
        const ports = await randomPorts();
        let apps: RunningApps | undefined;
        // What the apps logged as errors: the cause behind a 5xx finding.
        const appErrors: string[] = [];
        try {
          apps = await startApps({
            env: environment(database, ports),
            ports,
            apps: ['gateway', ...REQUEST_SERVICES],
            onLine: (app, line) => {
              if (/"level":"(error|fatal)"/.test(line)) appErrors.push(`${app}: ${line}`);
            },
          });
          const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
          const acting =
            who === 'anonymous' ? undefined : await actingAccount(database, gatewayUrl, who);
          const result = await run(
            schemathesis.python,
            [
              ...schemathesis.args,
              '--config-file',
              runConfig(who, hypothesisDir),
              'run',
              `${gatewayUrl}/api/docs-json`,
              '--url',
              gatewayUrl,
              '--checks',
              'all',
              '--seed',
              String(SEED),
              '--max-examples',
              String(MAX_EXAMPLES),
              '--workers',
              '1',
              '--generation-database',
              'none',
              '--no-color',
              ...(acting ? ['--header', `Authorization: Bearer ${acting.token}`] : []),
            ],
            {
              cwd: repoRoot,
              env: {
                PATH: process.env.PATH,
                PYTHONPATH: [schemathesis.env.PYTHONPATH, join(repoRoot, 'test', 'contract')].join(
                  ':',
                ),
                SCHEMATHESIS_HOOKS: 'contract_hooks',
                PYTHONDONTWRITEBYTECODE: '1',
                HYPOTHESIS_STORAGE_DIRECTORY: hypothesisDir,
                CONTRACT_ACTING_ROLE: acting ? who : '',
                CONTRACT_ACTING_USER_ID: acting?.userId ?? '',
              },
            },
          );
          // CIVIC_CONTRACT_REPORT_DIR keeps every run's report, clean ones too.
          const reports = process.env.CIVIC_CONTRACT_REPORT_DIR;
          if (reports) {
            mkdirSync(reports, { recursive: true });
            writeFileSync(join(reports, `contract-${who}.txt`), result.output);
          }
          // The whole report when it fails: every finding with the request that reproduces it.
          expect({
            who,
            exitCode: result.code,
            report:
              result.code === 0 ? '' : [result.output, 'App errors:', ...appErrors].join('\n'),
          }).toEqual({ who, exitCode: 0, report: '' });
        } finally {
          await apps?.stop(20_000);
          await admin((db) => db.query(`DROP DATABASE IF EXISTS ${database}`));
        }
      },
      // Hang protection only (a run boots five apps and fuzzes every operation).
      600_000,
    );
  });
