import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { resolvePostgresBin } from './binaries.js';
import { StackError } from './errors.js';
import { run } from './processes.js';
import { waitFor } from './ports.js';

export interface PostgresOptions {
  /** Folder for the cluster: `data/` (PGDATA) and `server.log` go inside. */
  dir: string;
  port: number;
  /** Trade durability for speed: only for throwaway test clusters. */
  ephemeral?: boolean;
}

/** True when a PostgreSQL server answers at `url`. */
export async function postgresAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A private PostgreSQL cluster made with initdb and run with pg_ctl. PostgreSQL refuses to
 * run as root, so under root the cluster belongs to the `postgres` system user (which
 * Debian's package creates) and its commands run through runuser.
 */
export class PostgresCluster {
  private binDir = '';
  private owner: { uid: number; gid: number } | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;

  constructor(readonly options: PostgresOptions) {}

  /**
   * Local clients connect through the cluster's Unix socket (a third cheaper per query than
   * TCP on loopback); when the folder's path is too long for a socket name, through TCP.
   */
  get url(): string {
    return this.socketDir
      ? `postgres://postgres@localhost:${this.options.port}/postgres?host=${encodeURIComponent(this.socketDir)}`
      : `postgres://postgres@127.0.0.1:${this.options.port}/postgres`;
  }

  /** The socket's folder, unless `<dir>/.s.PGSQL.<port>` exceeds the 107 bytes a socket name may have. */
  private get socketDir(): string | undefined {
    const dir = resolve(this.options.dir);
    return Buffer.byteLength(`${dir}/.s.PGSQL.${this.options.port}`) <= 107 ? dir : undefined;
  }

  get dataDir(): string {
    return join(this.options.dir, 'data');
  }

  get logFile(): string {
    return join(this.options.dir, 'server.log');
  }

  private async exec(tool: string, args: string[]): Promise<{ code: number; output: string }> {
    const binary = join(this.binDir, tool);
    return this.owner
      ? run('runuser', ['-u', 'postgres', '--', binary, ...args])
      : run(binary, args);
  }

  start(): Promise<void> {
    this.starting = this.doStart();
    return this.starting;
  }

  private interrupted(): void {
    if (this.stopRequested) throw new StackError('PostgreSQL start interrupted by a stop');
  }

  private async doStart(): Promise<void> {
    this.binDir = await resolvePostgresBin();
    this.interrupted();
    mkdirSync(this.options.dir, { recursive: true });
    if (process.getuid?.() === 0) {
      try {
        const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
        this.owner = { uid, gid };
      } catch {
        throw new StackError(
          'running as root, and there is no postgres user to own the private PostgreSQL cluster',
          "install Debian's postgresql package (it creates the user), or set DATABASE_URL",
        );
      }
      chmodSync(this.options.dir, 0o755);
      chownSync(this.options.dir, this.owner.uid, this.owner.gid);
    }
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      const init = await this.exec('initdb', [
        '-D',
        this.dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-locale',
        '--no-instructions',
      ]);
      if (init.code !== 0) {
        throw new StackError(
          `initdb failed in ${this.dataDir}: ${init.output.trim().split('\n').at(-1) ?? ''}`,
          'remove that folder if it holds nothing you need, then start again',
        );
      }
    }
    this.interrupted();
    const status = await this.exec('pg_ctl', ['status', '-D', this.dataDir]);
    if (status.code === 0) {
      // Left running by a stack that died without cleaning up: stop it and start ours.
      await this.exec('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w']);
    }
    const settings = [
      `-p ${this.options.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories='${this.socketDir ?? ''}'`,
      '-c max_connections=200',
      ...(this.options.ephemeral
        ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
        : []),
    ].join(' ');
    const started = await this.exec('pg_ctl', [
      'start',
      '-D',
      this.dataDir,
      '-l',
      this.logFile,
      '-w',
      '-t',
      '60',
      '-o',
      settings,
    ]);
    if (started.code !== 0) {
      throw new StackError(
        `PostgreSQL did not start on port ${this.options.port}: ${started.output.trim().split('\n').at(-1) ?? ''}`,
        `see ${this.logFile}`,
      );
    }
    await waitFor('PostgreSQL', () => postgresAnswers(this.url), {
      timeoutMs: 30_000,
      fix: `see ${this.logFile}`,
    });
  }

  /**
   * Fast shutdown: rolls back open transactions, checkpoints, leaves a clean data folder.
   * Safe at any moment, also while the cluster is still starting (it waits for that first).
   */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.starting?.catch(() => undefined);
    if (!this.binDir || !existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    await this.exec('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w', '-t', '60']);
  }
}
