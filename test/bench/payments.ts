/**
 * `npm run bench:payments`: payments end to end, next to the raw engine measured in the same run.
 *
 * - **Payments per second, end to end**: each payment started by its payer through the gateway
 *   (`POST /api/v1/invoices/{id}/payments` with an `Idempotency-Key`), its hosted form fetched
 *   and posted to the sandbox provider (a real process, as a browser does), and its signed
 *   webhook received back through the gateway, until `gov.payments.payment.succeeded.v1` is on
 *   the PAYMENTS stream (it leaves through the outbox, so its ledger entry and receipt were
 *   committed with it). BENCH_PAYMENTS payments (2,000), BENCH_PAYMENTS_CONCURRENCY payers at a
 *   time (64). Latency: from the payer's first request to the event on the stream.
 * - **Raw PostgreSQL**: one-row commits per second from as many concurrent clients, on the
 *   same server in the same run (each payment is several such commits in several processes).
 * - **Receipts per second** with and without the gapless counter: transactions that write a
 *   receipt row (and nothing else), its number taken from the fiscal year's counter row
 *   (`UPDATE … RETURNING`, what payments does: the row lock serialises the transactions that
 *   take a number until they commit) or from a sequence (gaps allowed), on copies of the
 *   receipts tables.
 *
 * - **Floors, same run**: PostgreSQL's CPU per one-row commit (times the payment's commits) and
 *   a bare Fastify process's CPU per HTTP request (times the gateway's two), beside each
 *   part's CPU per payment (docs/payments.md, "Throughput", reads them).
 *
 * Target (issue 12): at least 300 payments/s.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { copyFileSync, rmSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import {
  PAYMENT_SUCCEEDED_V1,
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  type InvoiceView,
  type PaymentView,
} from '#contracts';
import {
  appEnvironment,
  freePort,
  ManagedProcess,
  newSandboxCredentials,
  sandboxEnvironment,
  startPaymentSandbox,
  provisionStreams,
  randomPorts,
  repoRoot,
  runMigrations,
  seedDemoAccounts,
  startApps,
  startInfrastructure,
  type RunningApps,
} from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { SandboxProvider } from '../../apps/payments/src/providers/sandbox/sandbox.provider.js';
import { card } from '../factories/payment-sandbox.js';
import {
  benchDataDir,
  cpuByRole,
  cpuOfPid,
  cpuSince,
  json,
  percentile,
  printTable,
} from './report.js';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_PAYMENTS_CONCURRENCY ?? 64);
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 5_000);

/** Runs `work(i)` for i in [0, n) with at most `concurrency` at a time. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      for (let i = next++; i < n; i = next++) await work(i);
    }),
  );
}

/**
 * The load generator's HTTP client: node:http on kept-alive connections (a browser keeps its
 * connections too). `fetch` costs the generator about twice the CPU per request, and the
 * generator's CPU is counted with the system's.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  location: string | undefined;
  text: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = httpRequest(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, text }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The hosted page filled in as `fillInHostedPage` does (page, then its form), on `send`. */
async function payOnHostedPage(nextUrl: string): Promise<number> {
  const page = await send(nextUrl);
  if (page.status !== 200) return page.status;
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  if (!action) throw new Error(`no form on the hosted page: ${page.text.slice(0, 200)}`);
  const form = new URLSearchParams({ ...card('4242424242424242'), action: 'pay' } as Record<
    string,
    string
  >);
  const answer = await send(new URL(action.replaceAll('&amp;', '&'), nextUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return answer.status;
}

/** Transactions per second of `transaction` from `concurrency` clients for `seconds`. */
async function commitsPerSecond(
  url: string,
  concurrency: number,
  seconds: number,
  transaction: (client: pg.Client, i: number) => Promise<void>,
): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    }),
  );
  let done = 0;
  const until = performance.now() + seconds * 1_000;
  const began = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; performance.now() < until; i += 1) {
        await transaction(client, c * 1_000_000 + i);
        done += 1;
      }
    }),
  );
  const rate = done / ((performance.now() - began) / 1_000);
  await Promise.all(clients.map((c) => c.end()));
  lastCommitCount = done;
  return rate;
}

/** How many transactions the last `commitsPerSecond` committed. */
let lastCommitCount = 0;

/** The apps whose CPU is counted, by their folder under dist/apps. */
const APPS = { gateway: 'gateway', payments: 'payments', 'payment-sandbox': 'sandbox' };

async function main(): Promise<void> {
  const dataDir = benchDataDir('payments');
  // Payments connects to Temporal at start (its workflows' client): a private one too.
  const infra = await startInfrastructure({
    dataDir,
    database: 'bench',
    reuse: { postgres: false, nats: false, temporal: false },
  });
  let apps: RunningApps | undefined;
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
      },
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // One client address sends every webhook and every payer's requests.
        GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
        SANDBOX_DATABASE_FILE: join(dataDir, 'sandbox.sqlite'),
        ...(process.env.BENCH_PROFILE_DIR
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
          : {}),
      },
    );
    await runMigrations(env);
    if (process.env.BENCH_SQL_LOG) {
      // Every statement the apps send, in PostgreSQL's log (copied to BENCH_SQL_LOG at the end).
      const admin = new pg.Client({ connectionString: infra.databaseUrl });
      await admin.connect();
      await admin.query(`ALTER DATABASE bench SET log_statement = 'all'`);
      await admin.query(`ALTER SYSTEM SET log_line_prefix = '%p '`);
      await admin.query('SELECT pg_reload_conf()');
      await admin.end();
    }
    await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
    apps = await startApps({ env, ports, apps: ['gateway', 'payments'] });
    const demo = await seedDemoAccounts(env, join(dataDir, 'demo-accounts.json'));
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const logIn = async (role: string) => {
      const account = demo.find((a) => a.role === role);
      if (!account) throw new Error(`no demo ${role}`);
      const { accessToken } = await json<{ accessToken: string }>(
        await fetch(`${gateway}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: account.email, password: account.password }),
        }),
        `log in as ${role}`,
      );
      const me = await json<{ id: string }>(
        await fetch(`${gateway}/api/v1/auth/me`, {
          headers: { authorization: `Bearer ${accessToken}` },
        }),
        'me',
      );
      return { token: accessToken, id: me.id };
    };
    const payer = await logIn('citizen');

    // The invoices, issued as a workflow activity issues them (not timed).
    const worker = await connectNats({
      name: 'bench-payments-worker',
      servers: infra.natsUrl,
      ...(infra.natsCredentials?.worker ? { auth: infra.natsCredentials.worker } : {}),
    });
    const client = new ServiceClient(worker, 30_000);
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const invoices: string[] = new Array<string>(PAYMENTS);
    await pool(PAYMENTS, 16, async (i) => {
      const invoice: InvoiceView = await runWithContext(
        { correlationId: randomUUID(), system: true, requestKey: `bench-${randomUUID()}` },
        () =>
          client.request(PAYMENTS_INTERNAL_INVOICE_CREATE, {
            payerAccountId: payer.id,
            caseRef: { context: 'permits', id: randomUUID() },
            purpose: 'application-fee',
            lines: [
              {
                revenueCode: 'permits.building',
                descriptionKey: 'fees.building',
                amountMinor: 12_500,
              },
            ],
            dueAt,
          }),
      );
      invoices[i] = invoice.id;
    });
    await worker.close();

    // Each success as it reaches the stream.
    const nc = await connectNats({
      name: 'bench-payments',
      servers: infra.natsUrl,
      auth: infra.natsAuth,
    });
    const succeededAt = new Map<string, number>();
    const consumer = await jetstream(nc).consumers.get('PAYMENTS', {
      filter_subjects: [PAYMENT_SUCCEEDED_V1],
    });
    const messages = await consumer.consume();
    let allSucceeded: () => void = () => undefined;
    const everySuccess = new Promise<void>((resolve) => (allSucceeded = resolve));
    void (async () => {
      for await (const m of messages) {
        const { data } = m.json<{ data: { paymentId: string } }>();
        succeededAt.set(data.paymentId, performance.now());
        if (succeededAt.size === PAYMENTS) allSucceeded();
      }
    })();

    const startedAt = new Map<string, number>();
    const auth = { authorization: `Bearer ${payer.token}` };
    const stats = new pg.Client({ connectionString: infra.databaseUrl });
    stats.on('error', () => undefined);
    await stats.connect();
    const commitsNow = async () =>
      Number(
        (
          await stats.query<{ n: string }>(
            'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        ).rows[0]?.n,
      );
    const commitsBefore = await commitsNow();
    const cpuBefore = cpuByRole(dataDir, APPS);
    const began = performance.now();
    await pool(PAYMENTS, CONCURRENCY, async (i) => {
      const t = performance.now();
      const started = await send(`${gateway}/api/v1/invoices/${invoices[i]}/payments`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': randomUUID() },
      });
      if (started.status !== 201 && started.status !== 200)
        throw new Error(`start a payment: ${started.status} ${started.text.slice(0, 300)}`);
      const payment = JSON.parse(started.text) as PaymentView;
      startedAt.set(payment.id, t);
      const status = await payOnHostedPage(payment.nextUrl ?? '');
      if (status !== 303) throw new Error(`hosted page answered ${status}`);
    });
    const submitted = performance.now();
    const timeout = setTimeout(() => allSucceeded(), 120_000);
    await everySuccess;
    clearTimeout(timeout);
    const ended = Math.max(...succeededAt.values());
    const cpu = cpuSince(cpuBefore, dataDir, APPS);
    // (PostgreSQL publishes its counters within a second.)
    await new Promise((r) => setTimeout(r, 1_500));
    const pgCommits = (await commitsNow()) - commitsBefore;
    await stats.end();
    const wall = (ended - began) / 1_000;
    await messages.close();
    const latencies = [...startedAt].flatMap(([id, t]) => {
      const done = succeededAt.get(id);
      return done === undefined ? [] : [done - t];
    });
    const rate = succeededAt.size / ((ended - began) / 1_000);

    // What the ledger says once every success is in.
    const db = new pg.Client({
      connectionString: infra.databaseUrl,
      options: '-c search_path=payments',
    });
    db.on('error', () => undefined);
    await db.connect();
    const [counted] = (
      await db.query<{ receipts: number; paid: number }>(
        `SELECT (SELECT count(*)::int FROM receipts WHERE kind = 'payment') AS receipts,
                (SELECT count(*)::int FROM invoices WHERE status = 'paid') AS paid`,
      )
    ).rows;
    const [balance] = (
      await db.query<{ total: string }>(
        `SELECT COALESCE(sum(amount_minor), 0)::text AS total FROM postings`,
      )
    ).rows;

    await apps.stop(20_000);
    apps = undefined;

    // The provider alone: as many payments made straight at the sandbox (its API, its hosted
    // page, its signed webhooks to a receiver that checks them and answers 200), with the same
    // concurrency. The work no platform on this machine can avoid: its rate bounds the figure.
    const credentials = newSandboxCredentials();
    const receiverPort = await freePort();
    const sandboxPort = await freePort();
    const provider = new SandboxProvider({
      baseUrl: `http://127.0.0.1:${sandboxPort}`,
      apiKey: credentials.apiKey,
      webhookSecrets: credentials.webhookSecrets,
      timeoutMs: 30_000,
    });
    const aloneSucceeded = new Map<string, number>();
    let aloneAll: () => void = () => undefined;
    const aloneDone = new Promise<void>((resolve) => (aloneAll = resolve));
    const receiver = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
        );
        const verified = provider.verifyWebhook(body, headers, new Date());
        if (
          verified.ok &&
          verified.event.kind === 'payment' &&
          verified.event.payment.status === 'success'
        ) {
          aloneSucceeded.set(verified.event.payment.reference, performance.now());
          if (aloneSucceeded.size === PAYMENTS) aloneAll();
        }
        response.writeHead(verified.ok ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
    const sandbox = await startPaymentSandbox({
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'warn',
        SANDBOX_DATABASE_FILE: join(dataDir, 'sandbox-alone.sqlite'),
        ...sandboxEnvironment({ port: sandboxPort, gatewayPort: receiverPort, credentials }),
      },
      port: sandboxPort,
    });
    const aloneCpuBefore = cpuByRole(dataDir, APPS);
    const aloneBegan = performance.now();
    await pool(PAYMENTS, CONCURRENCY, async () => {
      const created = await provider.createPayment({
        reference: randomUUID(),
        amount: { amountMinor: 12_500, currency: 'EUR' },
        description: 'bench',
        returnUrl: 'http://127.0.0.1:9/return',
      });
      const status = await payOnHostedPage(created.nextUrl);
      if (status !== 303) throw new Error(`hosted page answered ${status}`);
    });
    const aloneTimeout = setTimeout(() => aloneAll(), 120_000);
    await aloneDone;
    clearTimeout(aloneTimeout);
    const aloneRate =
      aloneSucceeded.size / ((Math.max(...aloneSucceeded.values()) - aloneBegan) / 1_000);
    const aloneCpu = cpuSince(aloneCpuBefore, dataDir, APPS);
    await sandbox.stop('SIGTERM', 10_000);
    await new Promise((resolve) => receiver.close(resolve));

    // The raw engine: one-row commits, as many clients as payers.
    await db.query(
      'CREATE TABLE IF NOT EXISTS public.bench_commits (id bigserial PRIMARY KEY, v text)',
    );
    const rawCpuBefore = cpuByRole(dataDir, APPS);
    const rawCommits = await commitsPerSecond(infra.databaseUrl, CONCURRENCY, 5, async (c) => {
      await c.query('INSERT INTO public.bench_commits (v) VALUES ($1)', ['x']);
    });
    // PostgreSQL's CPU per one-row commit (its round trip and its WAL flush included): what
    // each of a payment's commits costs it at the least.
    const pgMsPerCommit =
      ((cpuSince(rawCpuBefore, dataDir, APPS).get('postgresql') ?? 0) * 1_000) /
      Math.max(1, lastCommitCount);

    // A bare Fastify process answering a JSON GET, driven by this generator with as many
    // connections: the server-side CPU of one HTTP request that does nothing.
    const bare = new ManagedProcess({
      name: 'bare-fastify',
      command: process.execPath,
      args: [join(repoRoot, 'dist/test/fixtures/bare-fastify.js')],
      onLine: () => undefined,
    });
    let bareMsPerRequest = 0;
    try {
      let barePort = 0;
      while (!barePort) {
        const line = bare.tail.find((l) => l.startsWith('listening '));
        if (line) barePort = Number(line.split(' ')[1]);
        else await new Promise((r) => setTimeout(r, 50));
      }
      const hello = `http://127.0.0.1:${barePort}/hello`;
      await pool(1_000, CONCURRENCY, async () => void (await send(hello)));
      const bareRequests = 4 * PAYMENTS;
      const bareBefore = cpuOfPid(bare.pid as number);
      await pool(bareRequests, CONCURRENCY, async () => void (await send(hello)));
      bareMsPerRequest = ((cpuOfPid(bare.pid as number) - bareBefore) * 1_000) / bareRequests;
    } finally {
      await bare.stop('SIGTERM', 5_000);
    }

    // Receipts with and without the gapless counter, on copies of the tables (no foreign keys:
    // the receipt row alone), from as many clients.
    await db.query(`
      CREATE SCHEMA bench_receipts;
      CREATE TABLE bench_receipts.counted (LIKE payments.receipts INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
      ALTER TABLE bench_receipts.counted ADD PRIMARY KEY (id), ADD UNIQUE (fiscal_year, seq), ADD UNIQUE (number);
      CREATE TABLE bench_receipts.sequenced (LIKE bench_receipts.counted INCLUDING ALL);
      CREATE TABLE bench_receipts.receipt_counters (LIKE payments.receipt_counters INCLUDING ALL);
      CREATE SEQUENCE bench_receipts.receipt_seq;`);
    const receipt = (c: pg.Client, table: string, numberSql: string) =>
      c.query(
        `WITH s(n) AS (${numberSql})
         INSERT INTO bench_receipts.${table} (id, number, fiscal_year, seq, kind, invoice_id,
                                              payment_id, payer_id, amount_minor, currency)
         SELECT $1, 'R-2026-' || lpad(n::text, 6, '0'), 2026, n, 'payment', $2, $3, $4, 12500, 'EUR'
         FROM s`,
        [randomUUID(), randomUUID(), randomUUID(), payer.id],
      );
    const seconds = Math.max(2, Math.round(RECEIPTS / 1_000));
    const inTransaction = (work: (c: pg.Client) => Promise<unknown>) => async (c: pg.Client) => {
      await c.query('BEGIN');
      await work(c);
      await c.query('COMMIT');
    };
    const withCounter = await commitsPerSecond(
      infra.databaseUrl,
      CONCURRENCY,
      seconds,
      inTransaction((c) =>
        receipt(
          c,
          'counted',
          `INSERT INTO bench_receipts.receipt_counters (fiscal_year, last_number) VALUES (2026, 1)
           ON CONFLICT (fiscal_year) DO UPDATE SET last_number = receipt_counters.last_number + 1
           RETURNING last_number`,
        ),
      ),
    );
    const withSequence = await commitsPerSecond(
      infra.databaseUrl,
      CONCURRENCY,
      seconds,
      inTransaction((c) => receipt(c, 'sequenced', `SELECT nextval('bench_receipts.receipt_seq')`)),
    );
    // The counter's numbers are 1..n, each once.
    const [gapless] = (
      await db.query<{ n: number; max: number; last: number }>(
        `SELECT count(DISTINCT seq)::int AS n, max(seq)::int AS max,
                (SELECT last_number FROM bench_receipts.receipt_counters) AS last
         FROM bench_receipts.counted`,
      )
    ).rows;
    if (!gapless || gapless.n !== gapless.max || gapless.max !== gapless.last)
      throw new Error(`the counter left gaps: ${JSON.stringify(gapless)}`);
    await db.end();
    await nc.close();

    const rows = [
      ['figure', 'value', 'raw engine (same run)', 'target'],
      [
        `payments end to end (${CONCURRENCY} payers at a time)`,
        `${rate.toFixed(0)} payments/s`,
        `PG one-row commits, ${CONCURRENCY} clients: ${rawCommits.toFixed(0)}/s (ratio ${(rate / rawCommits).toFixed(3)})`,
        `>= 300 ${rate >= 300 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  latency (payer start -> succeeded on the stream)',
        `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
        `all started and submitted in ${((submitted - began) / 1_000).toFixed(1)} s`,
        '',
      ],
      [
        '  succeeded / receipts / invoices paid / sum of postings',
        `${succeededAt.size} / ${counted?.receipts} / ${counted?.paid} / ${balance?.total}`,
        `of ${PAYMENTS}`,
        '',
      ],
      [
        '  the provider alone (sandbox API, hosted page, webhooks)',
        `${aloneRate.toFixed(0)} payments/s`,
        `end to end / provider alone: ${(rate / aloneRate).toFixed(2)}`,
        '',
      ],
      ...[...cpu]
        .sort((a, b) => b[1] - a[1])
        .map(([role, seconds]) => [
          `  CPU per payment: ${role}`,
          `${((seconds / succeededAt.size) * 1_000).toFixed(2)} ms`,
          `provider alone: ${(((aloneCpu.get(role) ?? 0) / Math.max(1, aloneSucceeded.size)) * 1_000).toFixed(2)} ms`,
          role === 'postgresql'
            ? `${(pgCommits / succeededAt.size).toFixed(1)} commits/payment`
            : '',
        ]),
      [
        `  all CPU per payment (2 cores: ${(2_000 / Math.max(1e-9, rate)).toFixed(2)} ms available)`,
        `${(([...cpu.values()].reduce((a, b) => a + b, 0) / succeededAt.size) * 1_000).toFixed(2)} ms`,
        `wall ${wall.toFixed(1)} s`,
        '',
      ],
      [
        '  floor: PostgreSQL CPU per one-row commit (same run)',
        `${pgMsPerCommit.toFixed(3)} ms`,
        `x ${(pgCommits / succeededAt.size).toFixed(1)} commits/payment = ${((pgMsPerCommit * pgCommits) / succeededAt.size).toFixed(2)} ms`,
        '',
      ],
      [
        '  floor: bare Fastify CPU per HTTP request (same generator)',
        `${bareMsPerRequest.toFixed(3)} ms`,
        `x 2 gateway requests per payment = ${(2 * bareMsPerRequest).toFixed(2)} ms`,
        '',
      ],
      [
        'receipts with the gapless counter',
        `${withCounter.toFixed(0)}/s`,
        `with a sequence (gaps allowed): ${withSequence.toFixed(0)}/s (ratio ${(withCounter / withSequence).toFixed(2)})`,
        '',
      ],
    ];
    printTable(rows);
    process.stdout.write(
      `${JSON.stringify({ paymentsPerSecond: rate, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), succeeded: succeededAt.size, receipts: counted?.receipts, paid: counted?.paid, postingsSum: balance?.total, rawCommitsPerSecond: rawCommits, receiptsWithCounterPerSecond: withCounter, receiptsWithSequencePerSecond: withSequence, providerAlonePerSecond: aloneRate, pgCpuMsPerCommit: pgMsPerCommit, bareFastifyCpuMsPerRequest: bareMsPerRequest, cpuMsPerPayment: Object.fromEntries([...cpu].map(([r, v]) => [r, (v / succeededAt.size) * 1_000])), commitsPerPayment: pgCommits / succeededAt.size, counterNumbers: gapless.n })}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  } finally {
    agent.destroy();
    await apps?.stop(10_000);
    await infra.stop();
    if (process.env.BENCH_SQL_LOG)
      copyFileSync(join(dataDir, 'postgres/server.log'), process.env.BENCH_SQL_LOG);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
