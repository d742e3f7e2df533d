import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, RpcException } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NodeTransport } from '@nats-io/transport-node/lib/node_transport.js';
import {
  connectNats,
  currentCorrelationId,
  DrainingNatsServer,
  RemoteServiceError,
  runWithContext,
  ServiceClient,
  ServiceTimeoutError,
  ServiceUnavailableError,
} from '#platform';
import { testEnv } from '#testing';

// Patterns unique to this run, so nothing else on the server can answer them.
const prefix = `itest${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@Controller()
class ProbeController {
  @MessagePattern(`${prefix}.probe.echo`)
  echo(data: unknown) {
    return { data, correlationId: currentCorrelationId() ?? null };
  }

  @MessagePattern(`${prefix}.probe.slow`)
  async slow(data: { ms: number }) {
    await sleep(data.ms);
    return 'done';
  }

  @MessagePattern(`${prefix}.probe.fail`)
  fail() {
    throw new RpcException({
      code: 'ITEST.PROBE_NOT_FOUND',
      message: 'no such probe',
      details: { field: 'id' },
    });
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('request/reply between services over NATS', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;
  let client: ServiceClient;

  const boot = async () => {
    const strategy = new DrainingNatsServer(
      { servers: [testEnv().natsUrl], queue: prefix, ...testEnv().natsAuth },
      5_000,
    );
    const server = await NestFactory.createMicroservice(ProbeModule, { strategy, logger: false });
    await server.listen();
    return server;
  };

  beforeAll(async () => {
    app = await boot();
    nc = await connectNats({
      name: 'itest-client',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    client = new ServiceClient(nc, 2_000);
  });

  afterAll(async () => {
    await app.close();
    await nc.drain();
  });

  it('answers through the queue group and carries the correlation id into the handler', async () => {
    const reply = await runWithContext({ correlationId: 'itest-corr-1' }, () =>
      client.request<{ data: unknown; correlationId: string | null }>(`${prefix}.probe.echo`, {
        n: 1,
      }),
    );
    expect(reply).toEqual({ data: { n: 1 }, correlationId: 'itest-corr-1' });
  });

  it('gives the handler a fresh correlation id when the caller had none', async () => {
    const reply = await client.request<{ correlationId: string }>(`${prefix}.probe.echo`, {});
    expect(reply.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells "no service answers" apart from "too slow"', async () => {
    await expect(client.request(`${prefix}.nobody.listens`, {})).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const slow = client.request(`${prefix}.probe.slow`, { ms: 1_500 }, { timeoutMs: 200 });
    await expect(slow).rejects.toBeInstanceOf(ServiceTimeoutError);
    await expect(slow).rejects.toMatchObject({ code: 'PLATFORM.SERVICE_TIMEOUT', timeoutMs: 200 });
  });

  it('drops an answer that comes after its deadline, and many requests at once each get their own', async () => {
    const late = client.request(`${prefix}.probe.slow`, { ms: 400 }, { timeoutMs: 100 });
    await expect(late).rejects.toBeInstanceOf(ServiceTimeoutError);
    expect(client.inFlight).toBe(0);
    await sleep(500); // the answer arrives now and is dropped
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        client.request<{ data: { n: number } }>(`${prefix}.probe.echo`, { n }),
      ),
    );
    expect(replies.map((r) => r.data.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(client.inFlight).toBe(0);
  });

  it('fails what is in flight as "no service answers" when its connection closes', async () => {
    const own = await connectNats({
      name: 'itest-closing',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    const closing = new ServiceClient(own, 5_000);
    const pending = closing.request(`${prefix}.probe.slow`, { ms: 1_000 });
    await sleep(100);
    await own.close();
    await expect(pending).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(closing.inFlight).toBe(0);
    await expect(closing.request(`${prefix}.probe.echo`, {})).rejects.toThrow();
  });

  it('writes the NATS frames of one event-loop turn in one socket write, in order', async () => {
    const subject = `${prefix}.burst`;
    const received: number[] = [];
    const sub = nc.subscribe(subject, {
      callback: (_e, msg) => {
        received.push(msg.json<{ n: number }>().n);
      },
    });
    await nc.flush();
    const writes = jest.spyOn(NodeTransport.prototype, 'send');
    try {
      // As under load: each publish in its own microtask, after nats.js flushed the last one.
      for (let n = 0; n < 100; n += 1) {
        nc.publish(subject, JSON.stringify({ n }));
        await new Promise<void>((r) => queueMicrotask(r));
      }
      // nats.js hands the frames over from a microtask, the transport writes them at the
      // next check phase: two turns of `setImmediate` later they have gone out.
      for (let turn = 0; turn < 2; turn += 1) await new Promise((r) => setImmediate(r));
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      writes.mockRestore();
    }
    // A connection drained right after publishing still writes what was waiting.
    const other = await connectNats({
      name: 'itest-burst',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    for (let n = 100; n < 110; n += 1) other.publish(subject, JSON.stringify({ n }));
    await other.drain();
    await nc.flush();
    for (let i = 0; i < 50 && received.length < 110; i += 1) await sleep(20);
    sub.unsubscribe();
    expect(received).toEqual(Array.from({ length: 110 }, (_, n) => n));
  });

  it('brings a service error across the wire as {code, message, details}', async () => {
    const failing = client.request(`${prefix}.probe.fail`, {});
    await expect(failing).rejects.toBeInstanceOf(RemoteServiceError);
    await expect(failing).rejects.toMatchObject({
      code: 'ITEST.PROBE_NOT_FOUND',
      message: 'no such probe',
      details: { field: 'id' },
    });
  });

  it('drains on shutdown: a request in flight is still answered, new ones find nobody', async () => {
    const second = await boot();
    await app.close();
    app = second;
    const inFlight = client.request<string>(
      `${prefix}.probe.slow`,
      { ms: 700 },
      { timeoutMs: 5_000 },
    );
    await sleep(150);
    const closing = app.close();
    await expect(inFlight).resolves.toBe('done');
    await closing;
    await expect(client.request(`${prefix}.probe.echo`, {})).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    app = await boot();
  });
});
