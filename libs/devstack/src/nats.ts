import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '@nats-io/transport-node';
import { openNatsConnection, type NatsAuth } from '#platform';
import { MIN_NATS_VERSION, parseVersion, resolveNatsServer, versionAtLeast } from './binaries.js';
import { StackError } from './errors.js';
import { ensureNatsUsers, renderNatsAccounts, type StackNatsCredentials } from './nats-accounts.js';
import { ManagedProcess } from './processes.js';
import { waitFor } from './ports.js';

export interface NatsProbe {
  answers: boolean;
  /** The server answered but refused the user (or wants one and none was given). */
  refused?: boolean;
  version?: string;
  jetstream?: boolean;
}

/**
 * Connects once to `url` (as `auth` when the server wants a user) and reports what the server
 * says about itself.
 */
export async function probeNats(
  url: string,
  auth?: NatsAuth,
  timeoutMs = 2_000,
): Promise<NatsProbe> {
  try {
    const nc = await openNatsConnection({
      servers: url.split(','),
      timeout: timeoutMs,
      maxReconnectAttempts: 0,
      reconnect: false,
      ...(auth ?? {}),
    });
    const info = nc.info;
    await nc.close();
    return { answers: true, version: info?.version, jetstream: info?.jetstream ?? false };
  } catch (error) {
    if (error instanceof errors.AuthorizationError) return { answers: true, refused: true };
    return { answers: false };
  }
}

/** Whether a reachable server is one the platform can use (>= 2.10 with JetStream). */
export const natsUsable = (probe: NatsProbe): boolean => {
  const version = probe.version ? parseVersion(probe.version) : undefined;
  return (
    probe.answers && !!probe.jetstream && !!version && versionAtLeast(version, MIN_NATS_VERSION)
  );
};

export interface NatsOptions {
  dir: string;
  port: number;
  monitorPort: number;
}

/**
 * A private nats-server with JetStream on a file store under `dir`, with one user per app and
 * an admin user (`nats-accounts.ts`). Their passwords are made once per `dir` and kept in
 * `users.json` (mode 0600) next to the store; nats.conf holds only their bcrypt hashes.
 */
export class NatsServer {
  private process: ManagedProcess | undefined;
  private users: StackNatsCredentials | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;

  constructor(readonly options: NatsOptions) {}

  get url(): string {
    return `nats://127.0.0.1:${this.options.port}`;
  }

  get logFile(): string {
    return join(this.options.dir, 'nats.log');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** The file holding the users' passwords (mode 0600). */
  get usersFile(): string {
    return join(this.options.dir, 'users.json');
  }

  /** The admin's and each app's user and password (known once start() has begun). */
  get credentials(): StackNatsCredentials {
    if (!this.users) throw new Error('nats-server has not been started');
    return this.users;
  }

  start(): Promise<void> {
    this.starting = this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const binary = await resolveNatsServer();
    if (this.stopRequested) throw new StackError('nats-server start interrupted by a stop');
    mkdirSync(join(this.options.dir, 'jetstream'), { recursive: true });
    chmodSync(this.options.dir, 0o700);
    const { credentials, hashes } = ensureNatsUsers(this.usersFile);
    this.users = credentials;
    const configFile = join(this.options.dir, 'nats.conf');
    writeFileSync(
      configFile,
      [
        '# Written by the local stack at every start; edit libs/devstack/src/nats.ts and',
        '# nats-accounts.ts instead. The passwords are in users.json next to this file.',
        'server_name: civic_local',
        `listen: 127.0.0.1:${this.options.port}`,
        `http: 127.0.0.1:${this.options.monitorPort}`,
        'max_payload: 1MB',
        'jetstream {',
        `  store_dir: "${join(this.options.dir, 'jetstream')}"`,
        '  max_memory_store: 256MB',
        '  max_file_store: 10GB',
        '}',
        renderNatsAccounts((user) => JSON.stringify(hashes[user])),
      ].join('\n'),
      { mode: 0o600 },
    );
    chmodSync(configFile, 0o600);
    this.process = new ManagedProcess({
      name: 'nats',
      command: binary,
      args: ['-c', configFile],
      logFile: this.logFile,
    });
    const proc = this.process;
    await waitFor(
      `nats-server on port ${this.options.port}`,
      async () => {
        const response = await fetch(
          `http://127.0.0.1:${this.options.monitorPort}/healthz?js-enabled-only=true`,
        );
        return response.ok;
      },
      {
        timeoutMs: 30_000,
        fix: `see ${this.logFile}`,
        abort: () =>
          proc.hasExited ? `${proc.exitDescription}: ${proc.tail.at(-1) ?? ''}` : undefined,
      },
    );
  }

  /** Safe at any moment, also while the server is still starting. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.process?.stop('SIGTERM', 15_000);
    await this.starting?.catch(() => undefined);
    await this.process?.stop('SIGTERM', 15_000);
  }

  /** Kills the server at once (fault tests: a broker crash). */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL', 1_000);
  }
}
