import { describe, expect, it } from '@jest/globals';
import { RpcException } from '@nestjs/microservices';
import { AuditErrors, DomainError, enforce, Policy } from '#contracts';
import { RpcErrorFilter } from './rpc-error.filter.js';

describe('RpcErrorFilter', () => {
  const filter = new RpcErrorFilter();

  it('sends a domain error as {code, message, details}, without any HTTP status', () => {
    expect(
      filter.toBody(new DomainError('AUDIT.INVALID_RANGE', 'no such range', { first: 3 })),
    ).toEqual({ code: 'AUDIT.INVALID_RANGE', message: 'no such range', details: { first: 3 } });
    expect(filter.toBody(AuditErrors.notFound('no entry 7'))).toEqual({
      code: 'AUDIT.NOT_FOUND',
      message: 'no entry 7',
    });
  });

  it('sends a policy refusal as its POLICY code (the gateway decides the status)', () => {
    let refusal: unknown;
    try {
      enforce({ userId: 'c-2', role: 'citizen' }, { ownerId: 'c-1' }, Policy.ownerOr());
    } catch (error) {
      refusal = error;
    }
    expect(filter.toBody(refusal)).toEqual({
      code: 'POLICY.NOT_OWNER',
      message: 'this case belongs to someone else',
    });
  });

  it('sends an RpcException with an error body as that body', () => {
    const body = { code: 'PERMITS.NOT_FOUND', message: 'no such application', details: { id: 1 } };
    expect(filter.toBody(new RpcException(body))).toEqual(body);
  });

  it('hides the cause of anything else', () => {
    expect(filter.toBody(new Error('password=hunter2 in a stack trace'))).toEqual({
      code: 'PLATFORM.INTERNAL',
      message: 'internal error',
    });
    expect(filter.toBody(new RpcException({ no: 'code' }))).toEqual({
      code: 'PLATFORM.REMOTE_ERROR',
      message: 'remote error',
    });
  });
});
