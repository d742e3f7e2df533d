import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NodeTransport } from '@nats-io/transport-node/lib/node_transport.js';
import { EmptyRequest, rpc, type RpcDefinition, type RpcMapShape } from '#contracts';
import {
  connectNats,
  currentActor,
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

class EchoProbe {
  @IsOptional()
  @IsInt()
  n?: number;
}

class SlowProbe {
  @IsInt()
  @Min(0)
  ms: number;
}

class StrictProbe {
  @IsString()
  name: string;

  @IsInt()
  count: number;
}

// Typed by their unique suffix, so each probe keeps its own request and reply type.
const ECHO: `${string}.probe.echo` = `${prefix}.probe.echo`;
const SLOW: `${string}.probe.slow` = `${prefix}.probe.slow`;
const FAIL: `${string}.probe.fail` = `${prefix}.probe.fail`;
const STRICT: `${string}.probe.strict` = `${prefix}.probe.strict`;
const WHO: `${string}.probe.whoami` = `${prefix}.probe.whoami`;
const INTERNAL_WHO: `${string}.internal.whoami` = `${prefix}.internal.whoami`;

/** The probes' own request/reply map, given to the server and the client as RPC_MAP would be. */
type Probes = {
  [echo: typeof ECHO]: RpcDefinition<EchoProbe, { data: unknown; correlationId: string | null }>;
  [slow: typeof SLOW]: RpcDefinition<SlowProbe, string>;
  [fail: typeof FAIL]: RpcDefinition<EmptyRequest, never>;
  [strict: typeof STRICT]: RpcDefinition<StrictProbe, { name: string; count: number }>;
  [who: typeof WHO]: RpcDefinition<EmptyRequest, string | null>;
  [internalWho: typeof INTERNAL_WHO]: RpcDefinition<EmptyRequest, string | null>;
};
// The keys are made at run time, so TypeScript cannot see them as literals: hence the cast.
const PROBES = {
  [ECHO]: rpc(EchoProbe, { actor: 'anyone' }),
  [SLOW]: rpc(SlowProbe, { actor: 'anyone' }),
  [FAIL]: rpc(EmptyRequest, { actor: 'anyone' }),
  [STRICT]: rpc(StrictProbe, { actor: 'anyone' }),
  [WHO]: rpc(EmptyRequest),
  [INTERNAL_WHO]: rpc(EmptyRequest, { internal: true }),
} as unknown as Probes;

/** How many times each handler of the strict probe ran. */
const handled = { strict: 0 };

@Controller()
class ProbeController {
  @MessagePattern(ECHO)
  echo(data: unknown) {
    return { data, correlationId: currentCorrelationId() ?? null };
  }

  @MessagePattern(SLOW)
  async slow(data: { ms: number }) {
    await sleep(data.ms);
    return 'done';
  }

  @MessagePattern(STRICT)
  strict(@Payload() data: StrictProbe) {
    handled.strict += 1;
    // The handler gets the request class's instance, not the plain object that was sent.
    if (!(data instanceof StrictProbe)) throw new Error('not a StrictProbe');
    return { name: data.name, count: data.count };
  }

  @MessagePattern(WHO)
  who() {
    return currentActor()?.userId ?? null;
  }

  @MessagePattern(INTERNAL_WHO)
  internalWho() {
    return currentActor()?.userId ?? null;
  }

  @MessagePattern(FAIL)
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
  let client: ServiceClient<Probes>;

  const boot = async () => {
    const strategy = new DrainingNatsServer(
      { servers: [testEnv().natsUrl], queue: prefix, ...testEnv().natsAuth },
      5_000,
      PROBES,
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
    client = new ServiceClient<Probes>(nc, 2_000);
  });

  afterAll(async () => {
    await app.close();
    await nc.drain();
  });

  it('answers through the queue group and carries the correlation id into the handler', async () => {
    const reply = await runWithContext({ correlationId: 'itest-corr-1' }, () =>
      client.request(ECHO, { n: 1 }),
    );
    expect(reply).toEqual({ data: { n: 1 }, correlationId: 'itest-corr-1' });
  });

  it('gives the handler a fresh correlation id when the caller had none', async () => {
    const reply = await client.request(ECHO, {});
    expect(reply.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells "no service answers" apart from "too slow"', async () => {
    await expect(
      new ServiceClient<RpcMapShape>(nc, 2_000).request(`${prefix}.nobody.listens`, {}),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    const slow = client.request(SLOW, { ms: 1_500 }, { timeoutMs: 200 });
    await expect(slow).rejects.toBeInstanceOf(ServiceTimeoutError);
    await expect(slow).rejects.toMatchObject({ code: 'PLATFORM.SERVICE_TIMEOUT', timeoutMs: 200 });
  });

  it('drops an answer that comes after its deadline, and many requests at once each get their own', async () => {
    const late = client.request(SLOW, { ms: 400 }, { timeoutMs: 100 });
    await expect(late).rejects.toBeInstanceOf(ServiceTimeoutError);
    expect(client.inFlight).toBe(0);
    await sleep(500); // the answer arrives now and is dropped
    // Each its own answer, however long 200 at once take on a busy machine (no timing limit).
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) => client.request(ECHO, { n }, { timeoutMs: 60_000 })),
    );
    expect(replies.map((r) => (r.data as EchoProbe).n)).toEqual(
      Array.from({ length: 200 }, (_, n) => n),
    );
    expect(client.inFlight).toBe(0);
  });

  it('fails what is in flight as "no service answers" when its connection closes', async () => {
    const own = await connectNats({
      name: 'itest-closing',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    const closing = new ServiceClient<Probes>(own, 5_000);
    const pending = closing.request(SLOW, { ms: 1_000 });
    await sleep(100);
    await own.close();
    await expect(pending).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(closing.inFlight).toBe(0);
    await expect(closing.request(ECHO, {})).rejects.toThrow();
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
    const failing = client.request(FAIL, {});
    await expect(failing).rejects.toBeInstanceOf(RemoteServiceError);
    await expect(failing).rejects.toMatchObject({
      code: 'ITEST.PROBE_NOT_FOUND',
      message: 'no such probe',
      details: { field: 'id' },
    });
  });

  describe('the receiving service checks every request before its handler runs', () => {
    const user = { userId: '0190a0a0-0000-7000-8000-000000000001', role: 'clerk' } as const;
    // What a caller built against another version of the contract would send.
    const sent = (body: unknown) => body as StrictProbe;

    it('refuses an unknown field with the validation code and the field; the handler never runs', async () => {
      const before = handled.strict;
      const refused = client.request(STRICT, sent({ name: 'a', count: 1, admin: true }));
      await expect(refused).rejects.toBeInstanceOf(RemoteServiceError);
      await expect(refused).rejects.toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: {
          errors: [
            { field: 'admin', code: 'UNKNOWN_FIELD', message: 'admin is not a known field' },
          ],
        },
      });
      expect(handled.strict).toBe(before);
    });

    it('refuses a wrongly typed field (a number sent as a string is not coerced); the handler never runs', async () => {
      const before = handled.strict;
      const refused = client.request(STRICT, sent({ name: 'a', count: '3' }));
      await expect(refused).rejects.toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'count', code: 'IS_INT' })] },
      });
      await expect(client.request(STRICT, sent({ count: 3 }))).rejects.toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'name', code: 'IS_STRING' })] },
      });
      await expect(client.request(STRICT, sent([1, 2]))).rejects.toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'request', code: 'IS_OBJECT' })] },
      });
      await expect(client.request(FAIL, sent({ any: 1 }))).rejects.toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'any', code: 'UNKNOWN_FIELD' })] },
      });
      expect(handled.strict).toBe(before);
    });

    it('runs the handler once for a valid request, with the request class instance', async () => {
      const before = handled.strict;
      await expect(client.request(STRICT, { name: 'a', count: 3 })).resolves.toEqual({
        name: 'a',
        count: 3,
      });
      expect(handled.strict).toBe(before + 1);
    });

    it('refuses the system actor on a public pattern, and takes it on an internal one', async () => {
      const asSystem = <T>(fn: () => Promise<T>) =>
        runWithContext({ correlationId: 'itest-system', system: true }, fn);
      await expect(asSystem(() => client.request(WHO, {}))).rejects.toMatchObject({
        code: 'PLATFORM.SYSTEM_ACTOR_REFUSED',
      });
      await expect(asSystem(() => client.request(INTERNAL_WHO, {}))).resolves.toBeNull();
      // A pattern asked for users needs one; with one, the handler sees who it is.
      await expect(client.request(WHO, {})).rejects.toMatchObject({
        code: 'PLATFORM.ACTOR_REQUIRED',
      });
      await expect(
        runWithContext({ correlationId: 'itest-user', actor: user }, () => client.request(WHO, {})),
      ).resolves.toBe(user.userId);
    });

    it('will not start a service that answers a pattern its map does not define, and names it', async () => {
      const { [STRICT]: _left, ...withoutStrict } = PROBES;
      const strategy = new DrainingNatsServer(
        { servers: [testEnv().natsUrl], queue: `${prefix}-unmapped`, ...testEnv().natsAuth },
        5_000,
        withoutStrict,
      );
      const server = await NestFactory.createMicroservice(ProbeModule, {
        strategy,
        logger: false,
      });
      try {
        await expect(server.listen()).rejects.toThrow(
          `answers ${STRICT}, which RPC_MAP does not define`,
        );
      } finally {
        await server.close();
      }
    });
  });

  it('drains on shutdown: a request in flight is still answered, new ones find nobody', async () => {
    const second = await boot();
    await app.close();
    app = second;
    const inFlight = client.request(SLOW, { ms: 700 }, { timeoutMs: 5_000 });
    await sleep(150);
    const closing = app.close();
    await expect(inFlight).resolves.toBe('done');
    await closing;
    await expect(client.request(ECHO, {})).rejects.toBeInstanceOf(ServiceUnavailableError);
    app = await boot();
  });
});
