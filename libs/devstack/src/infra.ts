import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TEMPORAL_NAMESPACE, type ServiceName } from '#contracts';
import { ensureDatabase, type NatsAuth } from '#platform';
import { StackError } from './errors.js';
import { NatsServer, natsUsable, probeNats } from './nats.js';
import { freePort, isPortFree } from './ports.js';
import { PostgresCluster, postgresAnswers } from './postgres.js';
import { TemporalDevServer, ensureNamespaces, temporalAnswers } from './temporal.js';

/**
 * Collects how to stop each server as soon as it is created, so a stop that arrives while
 * the stack is still coming up stops what is starting too. The servers stop side by side.
 */
export class InfraStopper {
  private readonly stops: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | undefined;

  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  get requested(): boolean {
    return this.stopping !== undefined;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // Servers stop side by side: each one waits for its own start to settle first.
      await Promise.all(this.stops.map((fn) => fn().catch(() => undefined)));
    })();
    return this.stopping;
  }
}

export interface InfraOptions {
  /** Folder for private servers' data (`postgres/`, `nats/`, `temporal/`, `ports.json`). */
  dataDir: string;
  /** Database the apps use (created when missing). */
  database: string;
  /** When reusing DATABASE_URL, use the database it names instead of `database` (npm start). */
  databaseFromUrl?: boolean;
  /** Reuse servers named by DATABASE_URL / NATS_URL / TEMPORAL_ADDRESS when they answer. */
  reuse: { postgres: boolean; nats: boolean; temporal: boolean };
  env?: NodeJS.ProcessEnv;
  ephemeral?: boolean;
  headlessTemporal?: boolean;
  /** Leave Temporal out (benchmarks of the event backbone need only PostgreSQL and NATS). */
  withoutTemporal?: boolean;
  temporalNamespaces?: string[];
  log?: (message: string) => void;
  /** Lets the caller stop the servers at any moment, also while they start. */
  stopper?: InfraStopper;
}

export interface Infra {
  /** Connection URL of the apps' database. */
  databaseUrl: string;
  /** Connection URL of the server's maintenance database (to create or drop databases). */
  adminDatabaseUrl: string;
  natsUrl: string;
  /**
   * The identity the stack itself, tests and tools connect to NATS with: the admin user of a
   * private server; on a reused server NATS_USER / NATS_PASSWORD of the environment, if set.
   */
  natsAuth?: NatsAuth;
  /**
   * Each app's own NATS user, when the stack started NATS itself. On a reused server the apps'
   * users are the operator's business: the stack hands each app `<APP>_NATS_USER` /
   * `<APP>_NATS_PASSWORD` of its environment, else NATS_USER / NATS_PASSWORD (apps.ts).
   */
  natsCredentials?: Record<ServiceName, NatsAuth>;
  /** The file holding the private server's users and passwords (mode 0600). */
  natsUsersFile?: string;
  natsMonitorUrl?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  /** Which servers this stack started itself (and will stop). */
  started: { postgres: boolean; nats: boolean; temporal: boolean };
  nats?: NatsServer;
  /** Stops what this stack started, in reverse order of dependency. */
  stop(): Promise<void>;
}

interface SavedPorts {
  postgres?: number;
  nats?: number;
  natsMonitor?: number;
  temporal?: number;
  temporalUi?: number;
}

/** Ports of the previous run when still free (so URLs stay the same), otherwise new free ones. */
async function choosePorts(dataDir: string): Promise<Required<SavedPorts>> {
  const file = join(dataDir, 'ports.json');
  const saved: SavedPorts = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as SavedPorts)
    : {};
  const chosen: Partial<Required<SavedPorts>> = {};
  const taken = new Set<number>();
  for (const key of ['postgres', 'nats', 'natsMonitor', 'temporal', 'temporalUi'] as const) {
    const previous = saved[key];
    let port =
      previous && !taken.has(previous) && (await isPortFree(previous))
        ? previous
        : await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    chosen[key] = port;
  }
  writeFileSync(file, JSON.stringify(chosen, null, 2));
  return chosen as Required<SavedPorts>;
}

export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/**
 * Brings up PostgreSQL, NATS (JetStream) and Temporal: each one reused where its URL is set
 * and answers (NATS only from 2.10 with JetStream), otherwise started privately under
 * `dataDir` on free ports. The three start side by side.
 */
export async function startInfrastructure(options: InfraOptions): Promise<Infra> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const ports = await choosePorts(options.dataDir);
  const stopper = options.stopper ?? new InfraStopper();
  const notStopped = (what: string) => {
    if (stopper.requested) throw new StackError(`${what} not started: the stack is stopping`);
  };
  const started = { postgres: false, nats: false, temporal: false };

  let database = options.database;
  const postgres = async (): Promise<string> => {
    const url = env.DATABASE_URL;
    if (options.reuse.postgres && url) {
      // The database DATABASE_URL names is the apps' database; created when missing.
      const named = new URL(url).pathname.replace(/^\//, '');
      if (options.databaseFromUrl && named && named !== 'postgres')
        database = decodeURIComponent(named);
      const admin = withDatabase(url, 'postgres');
      if ((await postgresAnswers(url)) || (await postgresAnswers(admin))) {
        log(`PostgreSQL: reusing ${new URL(url).host} (database ${database})`);
        return admin;
      }
      database = options.database;
      log(`PostgreSQL: DATABASE_URL does not answer; starting a private server`);
    }
    notStopped('PostgreSQL');
    const cluster = new PostgresCluster({
      dir: join(options.dataDir, 'postgres'),
      port: ports.postgres,
      ephemeral: options.ephemeral ?? false,
    });
    stopper.add(() => cluster.stop());
    await cluster.start();
    started.postgres = true;
    log(`PostgreSQL: private server on port ${ports.postgres} (${cluster.dataDir})`);
    return cluster.url;
  };

  let natsServer: NatsServer | undefined;
  const envNatsAuth: NatsAuth | undefined = env.NATS_USER
    ? { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? '' }
    : undefined;
  const nats = async (): Promise<string> => {
    const url = env.NATS_URL;
    if (options.reuse.nats && url) {
      const probe = await probeNats(url, envNatsAuth);
      if (natsUsable(probe)) {
        log(`NATS: reusing ${url} (${probe.version ?? '?'})`);
        return url;
      }
      log(
        probe.refused
          ? `NATS: ${url} refused ${envNatsAuth ? `the user NATS_USER=${envNatsAuth.user}` : 'a connection without a user (set NATS_USER and NATS_PASSWORD)'}; starting a private server`
          : probe.answers
            ? `NATS: ${url} is ${probe.version ?? '?'}${probe.jetstream ? '' : ' without JetStream'}, older than 2.10; starting a private server`
            : `NATS: NATS_URL does not answer; starting a private server`,
      );
    }
    notStopped('nats-server');
    natsServer = new NatsServer({
      dir: join(options.dataDir, 'nats'),
      port: ports.nats,
      monitorPort: ports.natsMonitor,
    });
    const server = natsServer;
    stopper.add(() => server.stop());
    await server.start();
    started.nats = true;
    log(`NATS: private server on port ${ports.nats} with JetStream`);
    return server.url;
  };

  let temporalUiUrl: string | undefined;
  const namespaces = options.temporalNamespaces ?? [
    env.TEMPORAL_NAMESPACE ?? DEFAULT_TEMPORAL_NAMESPACE,
  ];
  const temporal = async (): Promise<string> => {
    if (options.withoutTemporal) return '';
    const address = env.TEMPORAL_ADDRESS;
    // A server someone named gets time to answer on a busy machine before one is started instead.
    if (options.reuse.temporal && address && (await temporalAnswers(address, 10_000))) {
      await ensureNamespaces(address, namespaces);
      log(`Temporal: reusing ${address}`);
      return address;
    }
    if (options.reuse.temporal && address)
      log('Temporal: TEMPORAL_ADDRESS does not answer; starting a private dev server');
    notStopped('Temporal');
    const server = new TemporalDevServer({
      dir: join(options.dataDir, 'temporal'),
      port: ports.temporal,
      uiPort: ports.temporalUi,
      headless: options.headlessTemporal ?? false,
      namespaces,
    });
    stopper.add(() => server.stop());
    await server.start();
    started.temporal = true;
    temporalUiUrl = server.uiUrl;
    log(`Temporal: private dev server on port ${ports.temporal}`);
    return server.address;
  };

  const stop = (): Promise<void> => stopper.stop();

  const results = await Promise.allSettled([postgres(), nats(), temporal()]);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [adminDatabaseUrl, natsUrl, temporalAddress] = results.map(
    (r) => (r as PromiseFulfilledResult<string>).value,
  ) as [string, string, string];
  if (!(await postgresAnswers(withDatabase(adminDatabaseUrl, database))))
    await ensureDatabase(adminDatabaseUrl, database);
  return {
    databaseUrl: withDatabase(adminDatabaseUrl, database),
    adminDatabaseUrl,
    natsUrl,
    ...(natsServer
      ? {
          natsAuth: natsServer.credentials.admin,
          natsCredentials: natsServer.credentials.services,
          natsUsersFile: natsServer.usersFile,
          natsMonitorUrl: `http://127.0.0.1:${ports.natsMonitor}`,
          nats: natsServer,
        }
      : envNatsAuth
        ? { natsAuth: envNatsAuth }
        : {}),
    temporalAddress,
    ...(temporalUiUrl ? { temporalUiUrl } : {}),
    started,
    stop,
  };
}
