import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { MIN_NATS_VERSION, parseVersion, resolveNatsServer, versionAtLeast } from './binaries.js';
import { StackError } from './errors.js';
import { ManagedProcess } from './processes.js';
import { waitFor } from './ports.js';

export interface NatsProbe {
  answers: boolean;
  version?: string;
  jetstream?: boolean;
}

/** Connects once to `url` and reports what the server says about itself. */
export async function probeNats(url: string, timeoutMs = 2_000): Promise<NatsProbe> {
  try {
    const nc = await connect({
      servers: url.split(','),
      timeout: timeoutMs,
      maxReconnectAttempts: 0,
      reconnect: false,
    });
    const info = nc.info;
    await nc.close();
    return { answers: true, version: info?.version, jetstream: info?.jetstream ?? false };
  } catch {
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

/** A private nats-server with JetStream on a file store under `dir`. */
export class NatsServer {
  private process: ManagedProcess | undefined;
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

  start(): Promise<void> {
    this.starting = this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const binary = await resolveNatsServer();
    if (this.stopRequested) throw new StackError('nats-server start interrupted by a stop');
    mkdirSync(join(this.options.dir, 'jetstream'), { recursive: true });
    const configFile = join(this.options.dir, 'nats.conf');
    writeFileSync(
      configFile,
      [
        '# Written by the local stack at every start; edit libs/devstack/src/nats.ts instead.',
        'server_name: civic_local',
        `listen: 127.0.0.1:${this.options.port}`,
        `http: 127.0.0.1:${this.options.monitorPort}`,
        'max_payload: 1MB',
        'jetstream {',
        `  store_dir: "${join(this.options.dir, 'jetstream')}"`,
        '  max_memory_store: 256MB',
        '  max_file_store: 10GB',
        '}',
        '',
      ].join('\n'),
    );
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
