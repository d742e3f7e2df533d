import { createServer, connect } from 'node:net';
import { StackError } from './errors.js';

/** True when nothing listens on host:port and we may bind it. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the kernel says is free right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** Several distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** True when something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Fails with one clear line when a port the stack needs is taken. `variable` names the
 * setting that moves it.
 */
export async function assertPortsFree(
  ports: { port: number; owner: string; variable: string }[],
): Promise<void> {
  for (const { port, owner, variable } of ports) {
    if (!(await isPortFree(port))) {
      throw new StackError(
        `port ${port} (${owner}) is already in use`,
        `stop what holds it or set ${variable} to a free port`,
      );
    }
  }
}

/** Polls `probe` until it resolves true; fails with a StackError after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    fix?: string;
    abort?: () => string | undefined;
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new StackError(`${what}: ${aborted}`, options.fix);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new StackError(
        `${what} did not become ready within ${Math.round(options.timeoutMs / 1000)} s`,
        options.fix,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
