import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { StackError } from './errors.js';
import { assertPortsFree, freePort, isListening, isPortFree, waitFor } from './ports.js';

describe('ports', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const occupy = async (): Promise<number> => {
    const port = await freePort();
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    return port;
  };

  it('tells a free port from a taken one', async () => {
    const port = await occupy();
    expect(await isPortFree(port)).toBe(false);
    expect(await isListening(port)).toBe(true);
    expect(await isPortFree(await freePort())).toBe(true);
  });

  it('refuses a taken port with one line naming the owner and the variable that moves it', async () => {
    const port = await occupy();
    const attempt = assertPortsFree([{ port, owner: 'gateway HTTP', variable: 'GATEWAY_PORT' }]);
    await expect(attempt).rejects.toBeInstanceOf(StackError);
    await expect(attempt).rejects.toThrow(
      `port ${port} (gateway HTTP) is already in use — stop what holds it or set GATEWAY_PORT to a free port`,
    );
  });

  it('gives up on a server that never becomes ready, saying what and how to fix it', async () => {
    const attempt = waitFor('nats-server on port 1', async () => false, {
      timeoutMs: 300,
      intervalMs: 50,
      fix: 'see nats.log',
    });
    await expect(attempt).rejects.toThrow(
      'nats-server on port 1 did not become ready within 0 s — see nats.log',
    );
  });

  it('stops waiting at once when the server process died', async () => {
    const attempt = waitFor('temporal', async () => false, {
      timeoutMs: 60_000,
      abort: () => 'exited with code 1: bind failed',
    });
    await expect(attempt).rejects.toThrow('temporal: exited with code 1: bind failed');
  });
});
