import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase } from '#platform';
import { NatsServer, natsUsable, probeNats } from './nats.js';
import { freePort, isPortFree } from './ports.js';
import { PostgresCluster, postgresAnswers } from './postgres.js';
import { TemporalDevServer, ensureNamespaces, temporalAnswers } from './temporal.js';

export interface InfraOptions {
  /** Folder for private servers' data (`postgres/`, `nats/`, `temporal/`, `ports.json`). */
  dataDir: string;
  /** Database the apps use (created when missing). */
  database: string;
  /** Reuse servers named by DATABASE_URL / NATS_URL / TEMPORAL_ADDRESS when they answer. */
  reuse: { postgres: boolean; nats: boolean; temporal: boolean };
  env?: NodeJS.ProcessEnv;
  ephemeral?: boolean;
  headlessTemporal?: boolean;
  temporalNamespaces?: string[];
  log?: (message: string) => void;
}

export interface Infra {
  /** Connection URL of the apps' database. */
  databaseUrl: string;
  /** Connection URL of the server's maintenance database (to create or drop databases). */
  adminDatabaseUrl: string;
  natsUrl: string;
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
  const stops: (() => Promise<void>)[] = [];
  const started = { postgres: false, nats: false, temporal: false };

  const postgres = async (): Promise<string> => {
    const url = env.DATABASE_URL;
    if (options.reuse.postgres && url) {
      const admin = withDatabase(url, 'postgres');
      if (await postgresAnswers(admin)) {
        log(`PostgreSQL: reusing ${new URL(url).host}`);
        return admin;
      }
      log(`PostgreSQL: DATABASE_URL does not answer; starting a private server`);
    }
    const cluster = new PostgresCluster({
      dir: join(options.dataDir, 'postgres'),
      port: ports.postgres,
      ephemeral: options.ephemeral ?? false,
    });
    stops.push(() => cluster.stop());
    await cluster.start();
    started.postgres = true;
    log(`PostgreSQL: private server on port ${ports.postgres} (${cluster.dataDir})`);
    return cluster.url;
  };

  let natsServer: NatsServer | undefined;
  const nats = async (): Promise<string> => {
    const url = env.NATS_URL;
    if (options.reuse.nats && url) {
      const probe = await probeNats(url);
      if (natsUsable(probe)) {
        log(`NATS: reusing ${url} (${probe.version ?? '?'})`);
        return url;
      }
      log(
        probe.answers
          ? `NATS: ${url} is ${probe.version ?? '?'}${probe.jetstream ? '' : ' without JetStream'}, older than 2.10; starting a private server`
          : `NATS: NATS_URL does not answer; starting a private server`,
      );
    }
    natsServer = new NatsServer({
      dir: join(options.dataDir, 'nats'),
      port: ports.nats,
      monitorPort: ports.natsMonitor,
    });
    const server = natsServer;
    stops.push(() => server.stop());
    await server.start();
    started.nats = true;
    log(`NATS: private server on port ${ports.nats} with JetStream`);
    return server.url;
  };

  let temporalUiUrl: string | undefined;
  const namespaces = options.temporalNamespaces;
  const temporal = async (): Promise<string> => {
    const address = env.TEMPORAL_ADDRESS;
    if (options.reuse.temporal && address && (await temporalAnswers(address))) {
      await ensureNamespaces(address, namespaces ?? ['civic']);
      log(`Temporal: reusing ${address}`);
      return address;
    }
    if (options.reuse.temporal && address)
      log('Temporal: TEMPORAL_ADDRESS does not answer; starting a private dev server');
    const server = new TemporalDevServer({
      dir: join(options.dataDir, 'temporal'),
      port: ports.temporal,
      uiPort: ports.temporalUi,
      headless: options.headlessTemporal ?? false,
      ...(namespaces ? { namespaces } : {}),
    });
    stops.push(() => server.stop());
    await server.start();
    started.temporal = true;
    temporalUiUrl = server.uiUrl;
    log(`Temporal: private dev server on port ${ports.temporal}`);
    return server.address;
  };

  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  const results = await Promise.allSettled([postgres(), nats(), temporal()]);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [adminDatabaseUrl, natsUrl, temporalAddress] = results.map(
    (r) => (r as PromiseFulfilledResult<string>).value,
  ) as [string, string, string];
  await ensureDatabase(adminDatabaseUrl, options.database);
  return {
    databaseUrl: withDatabase(adminDatabaseUrl, options.database),
    adminDatabaseUrl,
    natsUrl,
    ...(natsServer
      ? { natsMonitorUrl: `http://127.0.0.1:${ports.natsMonitor}`, nats: natsServer }
      : {}),
    temporalAddress,
    ...(temporalUiUrl ? { temporalUiUrl } : {}),
    started,
    stop,
  };
}
