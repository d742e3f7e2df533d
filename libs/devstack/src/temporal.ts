import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { DEFAULT_TEMPORAL_NAMESPACE, SEARCH_ATTRIBUTES } from '#contracts';
import { temporalServing } from '#platform';
import { resolveTemporalCli } from './binaries.js';
import { StackError } from './errors.js';
import { ManagedProcess } from './processes.js';
import { waitFor } from './ports.js';

// Temporal's IndexedValueType enum values for the types we register.
const INDEXED_VALUE_TYPE: Record<string, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

/** True when a Temporal frontend answers its health check at `address`. */
export async function temporalAnswers(address: string, timeoutMs = 2_000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    return await temporalServing(connection);
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Makes sure each namespace exists and has the platform's search attributes. The dev server
 * is told about them on its command line; a reused server gets them here.
 */
export async function ensureNamespaces(address: string, namespaces: string[]): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    for (const namespace of namespaces) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs('7 days'),
        });
      }
      // A freshly registered namespace takes a moment to be visible to the operator service.
      await waitFor(
        `Temporal namespace ${namespace}`,
        async () => {
          const listed = await connection.operatorService.listSearchAttributes({ namespace });
          const missing = Object.entries(SEARCH_ATTRIBUTES).filter(
            ([name]) => !(name in (listed.customAttributes ?? {})),
          );
          if (missing.length === 0) return true;
          await connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(
              missing.map(([name, type]) => [name, INDEXED_VALUE_TYPE[type] ?? 2]),
            ),
          });
          return false;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    }
  } finally {
    await connection.close();
  }
}

export interface TemporalOptions {
  dir: string;
  port: number;
  uiPort: number;
  namespaces?: string[];
  /** No web UI (tests). */
  headless?: boolean;
}

/** `temporal server start-dev` on a SQLite file under `dir`. */
export class TemporalDevServer {
  private process: ManagedProcess | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;

  constructor(readonly options: TemporalOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.headless ? undefined : `http://127.0.0.1:${this.options.uiPort}`;
  }

  get logFile(): string {
    return join(this.options.dir, 'temporal.log');
  }

  get namespaces(): string[] {
    return this.options.namespaces ?? [DEFAULT_TEMPORAL_NAMESPACE];
  }

  start(): Promise<void> {
    this.starting = this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const binary = await resolveTemporalCli();
    if (this.stopRequested) throw new StackError('Temporal start interrupted by a stop');
    mkdirSync(this.options.dir, { recursive: true });
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.options.port),
      '--db-filename',
      join(this.options.dir, 'temporal.db'),
      // Write-ahead log, synced at checkpoints: a commit is one append, not a rollback
      // journal synced twice, and readers do not wait on the writer. A killed server loses
      // nothing (its writes are in the OS); a power cut may lose the last ones. Raw workflow
      // starts: 27/s with the default journal, 70/s with these (issue 14, "Figures").
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      '--log-level',
      'warn',
      // An activity scheduled by a workflow task goes back to the worker that completed the
      // task in the same answer when it has a free slot (eager activity execution), instead of
      // through the matching service: one round trip less per activity (issue 13).
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
      ...(this.options.headless ? ['--headless'] : ['--ui-port', String(this.options.uiPort)]),
      ...this.namespaces.flatMap((n) => ['--namespace', n]),
      ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
        '--search-attribute',
        `${name}=${type}`,
      ]),
    ];
    this.process = new ManagedProcess({
      name: 'temporal',
      command: binary,
      args,
      logFile: this.logFile,
    });
    const proc = this.process;
    await waitFor(
      `Temporal dev server on port ${this.options.port}`,
      () => temporalAnswers(this.address),
      {
        timeoutMs: 60_000,
        intervalMs: 300,
        fix: `see ${this.logFile}`,
        abort: () =>
          proc.hasExited ? `${proc.exitDescription}: ${proc.tail.at(-1) ?? ''}` : undefined,
      },
    );
    await ensureNamespaces(this.address, this.namespaces);
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Safe at any moment, also while the server is still starting. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.process?.stop('SIGTERM', 20_000);
    await this.starting?.catch(() => undefined);
    await this.process?.stop('SIGTERM', 20_000);
  }
}
