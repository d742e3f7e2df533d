import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  connect,
  errors,
  type NatsConnection,
  type PermissionViolationError,
} from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CONTEXT_STREAMS,
  DEAD_LETTER_STREAM,
  SERVICES,
  SERVICE_NAMES,
  type RpcMapShape,
  type ServiceName,
} from '#contracts';
import { connectNats, ensureStreams, requireStreams, ServiceClient } from '#platform';
import { testEnv } from '#testing';

// Subjects unique to this run, so what lands in a stream can only come from this file.
const run = `itest${randomUUID().slice(0, 8)}`;
const event = (context: string, name = 'happened') => `gov.${context}.${run}.${name}.v1`;
const payload = new TextEncoder().encode('{}');

/** Lets the connection's status listeners see everything the server has said so far. */
const settled = async (nc: NatsConnection) => {
  await nc.flush();
  await new Promise((resolve) => setImmediate(resolve));
};

interface Actor {
  nc: NatsConnection;
  /** Permission violations the server reported on this connection (async `-ERR`s). */
  violations: PermissionViolationError[];
}

describe("Security: a service's credentials cannot publish into another context", () => {
  const connections: NatsConnection[] = [];
  let jsm: JetStreamManager;

  /** A connection as `name`'s own NATS user (or the admin), recording what the server refuses. */
  const connectAs = async (name: ServiceName | 'admin'): Promise<Actor> => {
    const nc = await connectNats({
      name: `${run}-${name}`,
      servers: testEnv().natsUrl,
      auth: name === 'admin' ? testEnv().natsAuth : testEnv().serviceNatsAuth(name),
    });
    connections.push(nc);
    const violations: PermissionViolationError[] = [];
    void (async () => {
      for await (const status of nc.status())
        if (status.type === 'error' && status.error instanceof errors.PermissionViolationError)
          violations.push(status.error);
    })();
    return { nc, violations };
  };

  /** The last sequence of a stream and the last message it holds on `subject` (null: none). */
  const streamState = async (stream: string, subject: string) => ({
    lastSeq: (await jsm.streams.info(stream)).state.last_seq,
    onSubject: await jsm.streams.getMessage(stream, { last_by_subj: subject }),
  });

  const refusedPublish = (subject: string) => ({
    name: 'RequestError',
    cause: expect.objectContaining({
      name: 'PermissionViolationError',
      operation: 'publish',
      subject,
    }) as unknown,
  });

  beforeAll(async () => {
    const admin = await connectAs('admin');
    await ensureStreams(admin.nc, [...CONTEXT_STREAMS, DEAD_LETTER_STREAM], {
      maxAgeMs: 3_600_000,
      duplicateWindowMs: 120_000,
    });
    jsm = await jetstreamManager(admin.nc);
  });

  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
  });

  it("lets permits publish its own context's events into its stream", async () => {
    const permits = await connectAs('permits');
    const subject = event('permits', 'submitted');
    const ack = await jetstream(permits.nc).publish(subject, payload);
    expect(ack).toMatchObject({ stream: 'PERMITS', duplicate: false });
    const stored = await jsm.streams.getMessage('PERMITS', { last_by_subj: subject });
    expect(stored?.seq).toBe(ack.seq);
    await settled(permits.nc);
    expect(permits.violations).toEqual([]);
  });

  it.each(['payments', 'identity'])(
    'refuses a JetStream publish by permits to gov.%s.…: a permissions violation, nothing in the stream',
    async (context) => {
      const stream = CONTEXT_STREAMS.find((s) => s.context === context)?.name as string;
      const subject = event(context, 'forged');
      const before = await streamState(stream, subject);
      const permits = await connectAs('permits');

      const publishing = jetstream(permits.nc).publish(subject, payload);
      await expect(publishing).rejects.toMatchObject(refusedPublish(subject));
      await expect(publishing).rejects.toHaveProperty(
        'cause',
        expect.any(errors.PermissionViolationError),
      );
      await settled(permits.nc);
      expect(permits.violations).toEqual([
        expect.objectContaining({ operation: 'publish', subject }),
      ]);
      expect(await streamState(stream, subject)).toEqual({
        lastSeq: before.lastSeq,
        onSubject: null,
      });
      expect(before.onSubject).toBeNull();
    },
  );

  it.each(['payments', 'identity'])(
    'refuses a core publish by permits to gov.%s.…: reported on the connection, nothing in the stream',
    async (context) => {
      const stream = CONTEXT_STREAMS.find((s) => s.context === context)?.name as string;
      const subject = event(context, 'sneaked');
      const before = await streamState(stream, subject);
      const permits = await connectAs('permits');

      permits.nc.publish(subject, payload);
      await settled(permits.nc);

      expect(permits.violations).toEqual([
        expect.objectContaining({
          name: 'PermissionViolationError',
          operation: 'publish',
          subject,
          message: `Permissions Violation for Publish to "${subject}"`,
        }),
      ]);
      // The connection survives a refused publish.
      expect(permits.nc.isClosed()).toBe(false);
      expect(await streamState(stream, subject)).toEqual({
        lastSeq: before.lastSeq,
        onSubject: null,
      });
    },
  );

  it('lets the owner publish the very subject permits was refused (the stream takes core and JetStream publishes)', async () => {
    const payments = await connectAs('payments');
    const core = event('payments', 'owned');
    payments.nc.publish(core, payload);
    await settled(payments.nc);
    const viaJetStream = await jetstream(payments.nc).publish(event('payments', 'acked'), payload);
    expect(viaJetStream.stream).toBe('PAYMENTS');
    expect((await jsm.streams.getMessage('PAYMENTS', { last_by_subj: core }))?.subject).toBe(core);
    expect(payments.violations).toEqual([]);
  });

  it.each(
    SERVICE_NAMES.flatMap((name) =>
      CONTEXT_STREAMS.filter((s) => s.context !== SERVICES[name].context).map(
        (s) => [name, s.name, s.context] as const,
      ),
    ),
  )('refuses %s a JetStream publish into %s', async (name, stream, context) => {
    const subject = event(context, `by-${name}`);
    const actor = await connectAs(name);
    await expect(jetstream(actor.nc).publish(subject, payload)).rejects.toMatchObject(
      refusedPublish(subject),
    );
    expect((await streamState(stream, subject)).onSubject).toBeNull();
  });

  it("lets a service dead-letter only under its own consumer's name", async () => {
    const permits = await connectAs('permits');
    const js = jetstream(permits.nc);
    const own = `gov.dlq.permits.${event('payments', 'failed')}`;
    expect((await js.publish(own, payload)).stream).toBe(DEAD_LETTER_STREAM.name);

    const others = `gov.dlq.payments.${event('payments', 'failed')}`;
    await expect(js.publish(others, payload)).rejects.toMatchObject(refusedPublish(others));
    permits.nc.publish(others, payload);
    await settled(permits.nc);
    expect(permits.violations.map((v) => [v.operation, v.subject])).toEqual([
      ['publish', others],
      ['publish', others],
    ]);
    expect(await jsm.streams.getMessage(DEAD_LETTER_STREAM.name, { last_by_subj: others })).toBe(
      null,
    );
  });

  it('refuses a service creating, changing or purging a stream (the set-up step does that), but lets it check its own', async () => {
    const permits = await connectAs('permits');
    const own = await jetstreamManager(permits.nc);
    await expect(requireStreams(permits.nc, CONTEXT_STREAMS)).resolves.toBeUndefined();
    const rogue = `ROGUE_${run}`;
    await expect(
      own.streams.add({ name: rogue, subjects: [`gov.permits.rogue${run}.>`] }),
    ).rejects.toMatchObject({ name: 'RequestError' });
    const before = await jsm.streams.info('PAYMENTS');
    await expect(
      own.streams.update('PAYMENTS', { ...before.config, max_age: 1_000_000_000 }),
    ).rejects.toMatchObject({ name: 'RequestError' });
    await expect(own.streams.purge('PERMITS')).rejects.toMatchObject({ name: 'RequestError' });
    await settled(permits.nc);
    expect(permits.violations.map((v) => v.subject).sort()).toEqual(
      [
        `$JS.API.STREAM.CREATE.${rogue}`,
        '$JS.API.STREAM.PURGE.PERMITS',
        '$JS.API.STREAM.UPDATE.PAYMENTS',
      ].sort(),
    );
    await expect(jsm.streams.info(rogue)).rejects.toThrow();
    expect((await jsm.streams.info('PAYMENTS')).config.max_age).toBe(before.config.max_age);
  });

  it('refuses a wrong password, and a connection without a user', async () => {
    const { user } = testEnv().serviceNatsAuth('permits');
    const attempt = (auth: { user?: string; pass?: string }) =>
      connect({ servers: testEnv().natsUrl, reconnect: false, ...auth });
    await expect(attempt({ user, pass: 'not-the-password' })).rejects.toBeInstanceOf(
      errors.AuthorizationError,
    );
    await expect(attempt({ user, pass: 'not-the-password' })).rejects.toThrow(
      'Authorization Violation',
    );
    await expect(attempt({})).rejects.toBeInstanceOf(errors.AuthorizationError);
  });

  it("lets the gateway send requests to every service's context and get the answer", async () => {
    const permits = await connectAs('permits');
    const subject = `permits.${run}.echo`;
    permits.nc.subscribe(subject, {
      queue: 'permits',
      callback: (error, msg) => {
        if (!error) msg.respond(msg.data);
      },
    });
    await settled(permits.nc);
    const gateway = await connectAs('gateway');
    const reply = await gateway.nc.request(subject, new TextEncoder().encode('ping'));
    expect(reply.string()).toBe('ping');

    // Every other context's request subject is open to it too: nobody answers, but nothing
    // is refused (a refused request fails with the permissions violation instead).
    for (const context of ['payments', 'complaints', 'audit']) {
      const request = gateway.nc.request(`${context}.${run}.nobody`, payload);
      await expect(request).rejects.toHaveProperty('cause', expect.any(errors.NoRespondersError));
    }
    await settled(gateway.nc);
    expect(gateway.violations).toEqual([]);
    expect(permits.violations).toEqual([]);
  });

  it.each(['permits', 'payments', 'complaints', 'audit'])(
    'refuses the gateway a request to %s.internal.> (workflow activities only), at once',
    async (context) => {
      const gateway = await connectAs('gateway');
      const subject = `${context}.internal.${run}.transition`;
      const request = gateway.nc.request(subject, payload);
      await expect(request).rejects.toMatchObject(refusedPublish(subject));
      await settled(gateway.nc);
      expect(gateway.violations).toEqual([
        expect.objectContaining({ operation: 'publish', subject }),
      ]);
    },
  );

  it.each(['permits', 'audit'] as const)(
    'refuses %s, another service, requests to <context>.internal.> too',
    async (name) => {
      const service = await connectAs(name);
      const subject = `payments.internal.${run}.refund`;
      await expect(service.nc.request(subject, payload)).rejects.toMatchObject(
        refusedPublish(subject),
      );
    },
  );

  it("lets the worker's user send internal requests, and the owning service answer them", async () => {
    const permits = await connectAs('permits');
    const subject = `permits.internal.${run}.transition`;
    permits.nc.subscribe(subject, {
      queue: 'permits',
      callback: (error, msg) => {
        if (!error) msg.respond(msg.data);
      },
    });
    await settled(permits.nc);
    const worker = await connectAs('worker');
    const reply = await worker.nc.request(subject, new TextEncoder().encode('move'));
    expect(reply.string()).toBe('move');
    await settled(worker.nc);
    expect(worker.violations).toEqual([]);
    expect(permits.violations).toEqual([]);
  });

  it("refuses a service that subscribes to another service's requests (it cannot answer in its name)", async () => {
    const payments = await connectAs('payments');
    const subject = `permits.${run}.echo`;
    const subscription = payments.nc.subscribe(subject, { queue: 'permits', callback: () => {} });
    await settled(payments.nc);
    expect(payments.violations).toEqual([
      expect.objectContaining({ operation: 'subscription', subject, queue: 'permits' }),
    ]);
    expect(subscription.isClosed()).toBe(true);
    await expect(subscription.closed).resolves.toMatchObject({
      name: 'PermissionViolationError',
      operation: 'subscription',
    });
  });

  it('fails a request the server refuses at once with the violation, not at its deadline', async () => {
    const permits = await connectAs('permits');
    const client = new ServiceClient<RpcMapShape>(permits.nc, 60_000);
    const subject = event('payments', 'asked');
    const refused = client.request(subject, {});
    await expect(refused).rejects.toBeInstanceOf(errors.PermissionViolationError);
    await expect(refused).rejects.toMatchObject({ operation: 'publish', subject });
    expect(client.inFlight).toBe(0);
  });
});
