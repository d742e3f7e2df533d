import { describe, expect, it } from '@jest/globals';
import { RpcException } from '@nestjs/microservices';
import { PolicyDeniedError } from '../access/policy.js';
import { RpcErrorFilter } from './rpc-error.filter.js';

describe('RpcErrorFilter', () => {
  const filter = new RpcErrorFilter();

  it('sends a policy refusal as its 403 body', () => {
    expect(filter.toBody(new PolicyDeniedError('POLICY.NOT_OWNER', 'not yours'))).toEqual({
      code: 'POLICY.NOT_OWNER',
      message: 'not yours',
      details: { status: 403 },
    });
  });

  it('sends an RpcException body as it is', () => {
    const body = {
      code: 'PERMITS.NOT_FOUND',
      message: 'no such application',
      details: { status: 404 },
    };
    expect(filter.toBody(new RpcException(body))).toEqual(body);
  });

  it('hides the cause of anything else', () => {
    expect(filter.toBody(new Error('password=hunter2 in a stack trace'))).toEqual({
      code: 'PLATFORM.INTERNAL',
      message: 'internal error',
    });
  });
});
