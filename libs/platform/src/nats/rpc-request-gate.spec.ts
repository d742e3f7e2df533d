import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString } from 'class-validator';
import {
  AUDIT_ENTRIES_LIST,
  AUDIT_EXPORT_PAGE,
  AUDIT_SYSTEM_STATUS,
  AUDIT_TREE_HEADS_OF_SIZE,
  AuditEntryFilters,
  EmptyRequest,
  ListAuditEntriesRequest,
  RPC_MAP,
  rpc,
  type ErrorBody,
} from '#contracts';
import { requestGate, type AskedBy, type GateOutcome } from './rpc-request-gate.js';

const user: AskedBy = { user: true, system: false };
const system: AskedBy = { user: false, system: true };
const anonymous: AskedBy = { user: false, system: false };

const gateOf = (pattern: keyof typeof RPC_MAP) => requestGate(pattern, RPC_MAP[pattern]);
const refusal = (outcome: GateOutcome): ErrorBody | undefined =>
  'refusal' in outcome ? outcome.refusal.toJSON() : undefined;

describe('requestGate: what a service checks before a handler runs', () => {
  it('passes a valid request as an instance of its class', () => {
    const outcome = gateOf(AUDIT_ENTRIES_LIST)({ subject: 'case-1', limit: 10 }, user);
    expect(refusal(outcome)).toBeUndefined();
    expect('request' in outcome && outcome.request).toBeInstanceOf(ListAuditEntriesRequest);
    expect('request' in outcome && outcome.request).toEqual({ subject: 'case-1', limit: 10 });
  });

  it('refuses unknown fields, naming each', () => {
    expect(refusal(gateOf(AUDIT_ENTRIES_LIST)({ subject: 'x', sql: 'DROP', n: 1 }, user))).toEqual({
      code: 'PLATFORM.VALIDATION_FAILED',
      message: expect.stringContaining(AUDIT_ENTRIES_LIST) as unknown,
      details: {
        errors: [
          { field: 'sql', code: 'UNKNOWN_FIELD', message: 'sql is not a known field' },
          { field: 'n', code: 'UNKNOWN_FIELD', message: 'n is not a known field' },
        ],
      },
    });
  });

  it('does not coerce a number sent as a string (the query-string conversion is HTTP only)', () => {
    expect(refusal(gateOf(AUDIT_TREE_HEADS_OF_SIZE)({ size: '5' }, user))).toMatchObject({
      code: 'PLATFORM.VALIDATION_FAILED',
      details: {
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'size', code: 'IS_INT' }),
        ]),
      },
    });
    expect(refusal(gateOf(AUDIT_TREE_HEADS_OF_SIZE)({ size: 5 }, user))).toBeUndefined();
    expect(refusal(gateOf(AUDIT_TREE_HEADS_OF_SIZE)({}, user))).toMatchObject({
      details: { errors: expect.arrayContaining([expect.objectContaining({ field: 'size' })]) },
    });
  });

  it('validates nested requests field by field, unknown nested fields too', () => {
    const gate = gateOf(AUDIT_EXPORT_PAGE);
    const ok = gate({ query: { subject: 'case-1' }, cursor: 3 }, user);
    expect('request' in ok && (ok.request as { query: unknown }).query).toBeInstanceOf(
      AuditEntryFilters,
    );
    expect(refusal(gate({ query: { subject: 'x', extra: 1 } }, user))).toMatchObject({
      details: { errors: [{ field: 'query.extra', code: 'UNKNOWN_FIELD' }] },
    });
    expect(refusal(gate({ query: { type: 'not-an-event' } }, user))).toMatchObject({
      details: { errors: [expect.objectContaining({ field: 'query.type', code: 'MATCHES' })] },
    });
    expect(refusal(gate({}, user))).toMatchObject({
      details: { errors: [expect.objectContaining({ field: 'query', code: 'IS_OBJECT' })] },
    });
  });

  it('takes only {} for a request without fields, and only objects at all', () => {
    const gate = gateOf(AUDIT_SYSTEM_STATUS);
    expect(refusal(gate({}, anonymous))).toBeUndefined();
    expect(refusal(gate({ verbose: true }, anonymous))).toMatchObject({
      details: { errors: [{ field: 'verbose', code: 'UNKNOWN_FIELD' }] },
    });
    for (const body of [null, 'text', 3, [1]])
      expect(refusal(gate(body, anonymous))).toMatchObject({
        code: 'PLATFORM.VALIDATION_FAILED',
        details: { errors: [{ field: 'request', code: 'IS_OBJECT' }] },
      });
  });

  it('refuses the system actor on a public pattern, whatever its actor rule', () => {
    expect(refusal(gateOf(AUDIT_SYSTEM_STATUS)({}, system))?.code).toBe(
      'PLATFORM.SYSTEM_ACTOR_REFUSED',
    );
    expect(refusal(gateOf(AUDIT_ENTRIES_LIST)({}, system))?.code).toBe(
      'PLATFORM.SYSTEM_ACTOR_REFUSED',
    );
  });

  it('needs a user where the rule says so; an internal pattern takes the system actor', () => {
    expect(refusal(gateOf(AUDIT_ENTRIES_LIST)({}, anonymous))?.code).toBe(
      'PLATFORM.ACTOR_REQUIRED',
    );
    expect(refusal(gateOf(AUDIT_SYSTEM_STATUS)({}, anonymous))).toBeUndefined();
    const internal = requestGate('permits.internal.probe', rpc(EmptyRequest, { internal: true }));
    expect(refusal(internal({}, system))).toBeUndefined();
    expect(refusal(internal({}, user))).toBeUndefined();
    expect(refusal(internal({}, anonymous))?.code).toBe('PLATFORM.ACTOR_REQUIRED');
  });

  it('checks who asks before it reads the request', () => {
    class Strict {
      @IsString() name: string;
      @IsInt() count: number;
    }
    const gate = requestGate('probe.strict', rpc(Strict));
    expect(refusal(gate({ wrong: true }, system))?.code).toBe('PLATFORM.SYSTEM_ACTOR_REFUSED');
    expect(refusal(gate({ name: 'a', count: 1 }, user))).toBeUndefined();
  });
});
