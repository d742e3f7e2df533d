import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SERVICES, SERVICE_NAMES } from '../services.js';
import { QUERY_STRING_GROUP } from './fields.js';
import { ListAuditEntriesRequest } from './audit.rpc.js';
import { RPC_MAP, type RpcPattern } from './rpc-map.js';

const patterns = Object.keys(RPC_MAP) as RpcPattern[];
const contexts = new Set(SERVICE_NAMES.map((n) => SERVICES[n].context));

describe('the request/reply map', () => {
  it.each(patterns)('%s is <context>.<what>[.<verb>] of a known context', (pattern) => {
    expect(pattern).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(contexts.has(pattern.split('.')[0] as string)).toBe(true);
  });

  it.each(patterns)(
    '%s is internal exactly when it lives under <context>.internal.>',
    (pattern) => {
      expect(RPC_MAP[pattern].internal).toBe(pattern.split('.')[1] === 'internal');
    },
  );
});

describe('@NumberFromQuery', () => {
  const asQuery = (query: Record<string, string>) =>
    plainToInstance(ListAuditEntriesRequest, query, { groups: [QUERY_STRING_GROUP] });

  it('reads query-string digits as numbers at the gateway', () => {
    const query = asQuery({ limit: '20', cursor: '0' });
    expect(query).toEqual({ limit: 20, cursor: 0 });
    expect(validateSync(query)).toEqual([]);
  });

  it('leaves text that is not a number as text, so the rules refuse it ("" is not 0)', () => {
    for (const limit of ['', 'ten', '1e3', ' 5'])
      expect(validateSync(asQuery({ limit })).map((e) => e.property)).toEqual(['limit']);
  });

  it('converts nothing without the query-string group (over NATS)', () => {
    const request = plainToInstance(ListAuditEntriesRequest, { limit: '20' });
    expect(request.limit).toBe('20');
    expect(validateSync(request).map((e) => e.property)).toEqual(['limit']);
  });
});
