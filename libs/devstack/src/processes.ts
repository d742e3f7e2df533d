import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every line of stdout and stderr goes here (formatted by the caller). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Or, for servers, everything goes to a log file. */
  logFile?: string;
}

/**
 * A child process in its own process group, so that Ctrl-C in the terminal reaches only the
 * stack, which then stops everything in order (apps first, servers last), and so that a
 * stop reaches the child's own children too.
 */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly log: WriteStream | undefined;
  /** The last lines it printed, for error messages. */
  readonly tail: string[] = [];

  constructor(readonly options: SpawnOptions) {
    this.log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        this.tail.push(error.message);
        this.exitInfo = { code: 127, signal: null };
        resolve(this.exitInfo);
      });
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = this.child[stream];
      if (!source) continue;
      if (this.log) source.pipe(this.log, { end: false });
      createInterface({ input: source }).on('line', (line) => {
        this.tail.push(line);
        if (this.tail.length > 20) this.tail.shift();
        options.onLine?.(line, stream);
      });
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get exitDescription(): string | undefined {
    if (!this.exitInfo) return undefined;
    return this.exitInfo.signal
      ? `killed by ${this.exitInfo.signal}`
      : `exited with code ${String(this.exitInfo.code)}`;
  }

  /** Sends `signal` to the process group; after `timeoutMs` escalates to SIGKILL. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    if (this.hasExited || this.child.pid === undefined) {
      this.log?.end();
      return;
    }
    this.signalGroup(signal);
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.log?.end();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-(this.child.pid as number), signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs a command to completion; resolves with its exit code and output. When `signal` is
 * aborted the command gets SIGTERM, and one started after the abort is ended at once: a stack
 * stopped while it spawns a batch of jobs (each service's migrations) leaves none of them
 * behind, though the jobs spawned after the stop's signal reached the process group never saw it.
 */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; signal?: AbortSignal } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      ...options,
      killSignal: 'SIGTERM',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Decoded by each stream, so a character split across two reads stays whole.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.stderr.on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) => {
      // Aborted: the job was sent SIGTERM; its exit ('close' below) is the answer, so that the
      // caller goes on only once it is gone.
      if (options.signal?.aborted && child.pid !== undefined) return;
      resolve({ code: 127, output: error.message });
    });
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
