import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MAIN_TASK_QUEUE,
  SERVICES,
  SERVICE_NAMES,
  REQUEST_SERVICES,
  type ServiceName,
} from '#contracts';
import { randomPorts, startApps, type AppPorts, type RunningApps } from '#devstack';
import {
  ed25519PublicKey,
  verifyExport,
  verifyInclusion,
  verifyTreeHead,
  type TreeHead,
} from '#audit-log';
import { CorrelationClientInterceptor, runWithContext } from '#platform';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import { staffFromCli } from '../factories/accounts.js';

interface Readiness {
  status: string;
  service: string;
  details: Record<string, { status: string }>;
}

/** Boots every app against the test servers, as `npm start` does, and checks each is healthy. */
describe('smoke: the whole platform', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  const logs = new Map<ServiceName, string[]>();

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    apps = await startApps({
      // Each app connects as its own NATS user, as with npm start.
      env: testAppEnvironment(ports, { fileStorageDir: join(env.dataDir, 'files-e2e') }),
      ports,
      onLine: (app, line) => {
        const list = logs.get(app) ?? [];
        list.push(line);
        logs.set(app, list);
      },
    });
  });

  afterAll(async () => {
    await apps?.stop(20_000);
  });

  const ops = (name: ServiceName, path: string) =>
    fetch(`http://127.0.0.1:${ports.ops[name]}${path}`);

  it.each(SERVICE_NAMES)('%s is live and ready, with each of its connections up', async (name) => {
    expect((await ops(name, '/health/live')).status).toBe(200);
    const response = await ops(name, '/health/ready');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Readiness;
    expect(body.status).toBe('ok');
    expect(body.service).toBe(name);
    const expected = [
      'nats',
      ...(SERVICES[name].schema ? ['database', 'outbox'] : []),
      ...(SERVICES[name].usesTemporal ? ['temporal'] : []),
      ...(name === 'audit' ? ['audit-log'] : []),
    ];
    expect(Object.keys(body.details).sort()).toEqual(expected.sort());
    for (const check of Object.values(body.details)) expect(check.status).toBe('up');
  });

  it.each(SERVICE_NAMES)('%s exposes Prometheus metrics labelled with its name', async (name) => {
    const response = await ops(name, '/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain(`process_resident_memory_bytes{service="${name}"}`);
    expect(text).toContain('civic_http_request_duration_seconds');
  });

  it('connects every app to NATS as its own user', async () => {
    const connz = (await (
      await fetch(`${testEnv().natsMonitorUrl}/connz?auth=true&limit=4096`)
    ).json()) as { connections: { name?: string; authorized_user?: string; account?: string }[] };
    for (const name of SERVICE_NAMES) {
      const own = connz.connections.filter(
        (c) => c.name === name || c.name?.startsWith(`${name}-`),
      );
      expect({ name, connections: own.length > 0 }).toEqual({ name, connections: true });
      for (const connection of own)
        expect(connection).toMatchObject({ name: connection.name, authorized_user: name });
    }
  });

  it('follows one correlation id from HTTP through the gateway across NATS to every service and back', async () => {
    const correlationId = `smoke-${randomUUID()}`;
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/status`, {
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const body = (await response.json()) as {
      status: string;
      correlationId: string;
      services: { service: string; state: string; correlationId: string }[];
    };
    expect(body.status).toBe('operational');
    expect(body.correlationId).toBe(correlationId);
    expect(body.services.map((s) => s.service)).toEqual([...REQUEST_SERVICES]);
    for (const service of body.services)
      expect(service).toMatchObject({ state: 'up', correlationId });
    // Fastify's "request completed" line, written once the response has gone.
    const gatewayLine = await eventually(async () =>
      (logs.get('gateway') ?? []).find((l) => l.includes(correlationId)),
    );
    expect(JSON.parse(gatewayLine)).toMatchObject({ service: 'gateway', correlationId });
  });

  it('follows the W3C trace context from HTTP across NATS to every service, and starts one when none came', async () => {
    const traceId = randomUUID().replaceAll('-', '');
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/status`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    const body = (await response.json()) as { services: { service: string; traceId: string }[] };
    expect(body.services.map((s) => s.traceId)).toEqual(REQUEST_SERVICES.map(() => traceId));
    // Fastify's "request completed" line, written once the response has gone.
    const gatewayLine = await eventually(async () =>
      (logs.get('gateway') ?? []).find((l) => l.includes(traceId)),
    );
    expect(JSON.parse(gatewayLine)).toMatchObject({ service: 'gateway', traceId });

    const fresh = (await (
      await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/status`)
    ).json()) as { services: { traceId: string }[] };
    const traces = new Set(fresh.services.map((s) => s.traceId));
    expect(traces.size).toBe(fresh.services.length); // no inbound trace: each request its own
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("follows the correlation id through Temporal to the worker's activity", async () => {
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({
        connection,
        namespace: 'civic',
        interceptors: { workflow: [new CorrelationClientInterceptor()] },
      });
      const correlationId = `smoke-temporal-${randomUUID()}`;
      const result = (await runWithContext({ correlationId }, () =>
        client.workflow.execute('diagnosticsWorkflow', {
          taskQueue: MAIN_TASK_QUEUE,
          workflowId: `diagnostics-${randomUUID()}`,
          args: [],
        }),
      )) as { correlationId: string; taskQueue: string; workerIdentity: string };
      expect(result).toMatchObject({ correlationId, taskQueue: MAIN_TASK_QUEUE });
      expect(result.workerIdentity).toBe(
        `${String(apps.processes.get('worker')?.pid)}@${(await import('node:os')).hostname()}`,
      );
    } finally {
      await connection.close();
    }
  });

  it('gives every data-owning service its outbox, inbox and aggregate sequences', async () => {
    const db = new pg.Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    try {
      const result = await db.query<{ table_schema: string; table_name: string }>(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('outbox', 'inbox', 'aggregate_sequences')",
      );
      for (const name of SERVICE_NAMES) {
        const schema = SERVICES[name].schema;
        if (!schema) continue;
        const tables = result.rows
          .filter((r) => r.table_schema === schema)
          .map((r) => r.table_name);
        expect({ schema, tables: tables.sort() }).toEqual({
          schema,
          tables: ['aggregate_sequences', 'inbox', 'outbox'],
        });
      }
    } finally {
      await db.end();
    }
  });

  it('records a refusal in the audit trail, which an auditor reads and proves through the gateway', async () => {
    const api = (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
      fetch(`http://127.0.0.1:${ports.gateway}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    const email = `auditor.${randomUUID().slice(0, 8)}@city.example`;
    const created = await staffFromCli(testEnv().databaseUrl, {
      email,
      role: 'auditor',
      fullName: 'Audrey',
    });
    expect(created.code).toBe(0);
    const { password } = JSON.parse(created.output.trim().split('\n').at(-1) as string) as {
      password: string;
    };
    const login = await api('/api/v1/auth/login', { method: 'POST', body: { email, password } });
    const { accessToken: token } = (await login.json()) as { accessToken: string };
    const me = (await (await api('/api/v1/auth/me', { token })).json()) as { id: string };

    // The auditor tries something only an admin may do: refused, and the refusal is an event.
    expect((await api('/api/v1/users', { method: 'POST', token, body: {} })).status).toBe(403);
    const page = await eventually(async () => {
      const reply = (await (
        await api(
          `/api/v1/audit/entries?type=gov.identity.access.denied.v1&actor=user:${me.id}:auditor`,
          {
            token,
          },
        )
      ).json()) as { entries: { seq: number; leafHash: string; data: string }[] };
      return reply.entries.length > 0 ? reply : undefined;
    }, 30_000);
    const entry = page.entries[0] as { seq: number; leafHash: string; data: string };
    expect(JSON.parse(entry.data)).toMatchObject({
      data: { reasonCode: 'ACCESS.ROLE_NOT_ALLOWED', userId: me.id },
    });

    // The case rebuilt from its events, now and before it began.
    const subject = (JSON.parse(entry.data) as { subject: string }).subject;
    const rebuilt = (await (
      await api(`/api/v1/audit/cases/${subject}/state`, { token })
    ).json()) as {
      state: Record<string, unknown>;
      history: { seq: number }[];
    };
    expect(rebuilt.state).toMatchObject({ reasonCode: 'ACCESS.ROLE_NOT_ALLOWED', userId: me.id });
    expect(rebuilt.history.map((h) => h.seq)).toEqual([entry.seq]);
    expect(
      (await api(`/api/v1/audit/cases/${subject}/state?at=2020-01-01T00:00:00.000Z`, { token }))
        .status,
    ).toBe(404);

    // An export of the case verifies offline against the signed head and the published keys.
    await api('/api/v1/audit/tree-heads', { method: 'POST', token });
    const exported = await api(`/api/v1/audit/export?subject=${subject}`, { token });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const exportLines = (await exported.text()).trim().split('\n');
    const published = (await (await api('/api/v1/audit/public-keys')).json()) as {
      keyId: string;
      publicKey: string;
    }[];
    const verified = verifyExport(exportLines, {
      trustedKeys: new Map(published.map((k) => [k.keyId, k.publicKey])),
    });
    expect(verified).toMatchObject({ ok: true, entries: 1 });
    const csv = await (
      await api(`/api/v1/audit/export?subject=${subject}&format=csv`, { token })
    ).text();
    expect(csv.split('\n')[0]).toBe('seq,type,subject,actor,occurredAt,leafHash,entryHash');
    expect(csv).toContain(
      `${entry.seq},gov.identity.access.denied.v1,${subject},user:${me.id}:auditor`,
    );

    // The auditor's reads are in the trail too.
    const reads = await eventually(async () => {
      const reply = (await (
        await api(
          `/api/v1/audit/entries?type=gov.audit.trail.read.v1&actor=user:${me.id}:auditor`,
          { token },
        )
      ).json()) as { entries: { data: string }[] };
      return reply.entries.length > 0 ? reply.entries : undefined;
    }, 30_000);
    expect(JSON.parse(reads[0]?.data as string)).toMatchObject({
      type: 'gov.audit.trail.read.v1',
      actor: `user:${me.id}:auditor`,
      data: { read: 'entries', type: 'gov.identity.access.denied.v1' },
    });

    const head = (await (
      await api('/api/v1/audit/tree-heads', { method: 'POST', token })
    ).json()) as TreeHead;
    expect(head.treeSize).toBeGreaterThan(entry.seq);
    const keys = (await (await api('/api/v1/audit/public-keys')).json()) as {
      keyId: string;
      publicKey: string;
    }[];
    expect(
      verifyTreeHead(
        head,
        new Map(keys.map((k) => [k.keyId, ed25519PublicKey(Buffer.from(k.publicKey, 'base64'))])),
      ),
    ).toBe(true);
    const proof = (await (
      await api(`/api/v1/audit/entries/${entry.seq}/inclusion-proof?treeSize=${head.treeSize}`, {
        token,
      })
    ).json()) as { auditPath: string[] };
    expect(
      verifyInclusion(
        Buffer.from(entry.leafHash, 'hex'),
        entry.seq,
        head.treeSize,
        proof.auditPath.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(head.rootHash, 'hex'),
      ),
    ).toBe(true);
    // The proof is in the trail too: proofs enter it together, per reader and kind.
    const proofReads = await eventually(async () => {
      const reply = (await (
        await api(
          `/api/v1/audit/entries?type=gov.audit.trail.read.v1&actor=user:${me.id}:auditor&limit=500`,
          { token },
        )
      ).json()) as { entries: { data: string }[] };
      const found = reply.entries
        .map((e) => (JSON.parse(e.data) as { data: { read: string; seqs?: number[] } }).data)
        .find((d) => d.read === 'inclusion-proof');
      return found;
    }, 30_000);
    expect(proofReads).toMatchObject({ read: 'inclusion-proof', count: 1, seqs: [entry.seq] });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/api/docs-json`);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/status');
  });

  it('shuts a service down cleanly on SIGTERM, and the gateway reports it unavailable', async () => {
    const payments = apps.processes.get('payments');
    await payments?.stop('SIGTERM', 20_000);
    expect(payments?.exitDescription).not.toBe('killed by SIGKILL');
    expect(
      (payments?.tail ?? []).some((l) => l.includes('shutting down: draining in-flight work')),
    ).toBe(true);
    const body = await eventually(
      async () => {
        const status = (await (
          await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/status`)
        ).json()) as { status: string; services: { service: string; state: string }[] };
        return status.services.find((s) => s.service === 'payments')?.state === 'unavailable'
          ? status
          : undefined;
      },
      10_000,
      'payments reported unavailable',
    );
    expect(body.status).toBe('degraded');
  });

  it('stops every app gracefully (no app needs SIGKILL)', async () => {
    await apps.stop(20_000);
    for (const [name, proc] of apps.processes) {
      expect({ name, exit: proc.exitDescription }).not.toEqual({ name, exit: 'killed by SIGKILL' });
      expect(proc.hasExited).toBe(true);
    }
  });
});
