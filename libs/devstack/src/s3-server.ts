import { resolveMotoServer } from './binaries.js';
import { freePort, waitFor } from './ports.js';
import { ManagedProcess } from './processes.js';

/** A private S3-compatible server (moto) on a free loopback port. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`: use path-style requests and any region and credentials. */
  endpoint: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts moto's S3-compatible server (installed into .tools/moto on first use) for the file
 * storage tests, and resolves once it answers. Its buckets live in memory and go with it.
 */
export async function startS3Server(): Promise<S3Server> {
  const moto = await resolveMotoServer();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const proc = new ManagedProcess({
    name: 'moto',
    command: moto.python,
    args: [...moto.args, '--host', '127.0.0.1', '--port', String(port)],
    env: {
      PATH: process.env.PATH,
      PYTHONPATH: moto.env.PYTHONPATH,
      PYTHONDONTWRITEBYTECODE: '1',
    },
  });
  try {
    await waitFor('the S3-compatible test server (moto)', async () => (await fetch(endpoint)).ok, {
      timeoutMs: 60_000,
      abort: () =>
        proc.hasExited ? `${proc.exitDescription}: ${proc.tail.join('\n')}` : undefined,
    });
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { endpoint, process: proc, stop: () => proc.stop() };
}
