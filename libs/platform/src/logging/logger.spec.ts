import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { runWithContext } from '../context/request-context.js';
import { createLogger, deferredChild, redactUrl } from './logger.js';
import { NestPinoLogger } from './nest-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes one JSON object per line with service, level name and the current correlation id', () => {
    const { lines, stream } = capture();
    const logger = createLogger('permits', 'info', stream);
    runWithContext({ correlationId: 'corr-1' }, () =>
      logger.info({ applicationId: 'a1' }, 'submitted'),
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      service: 'permits',
      level: 'info',
      msg: 'submitted',
      applicationId: 'a1',
      correlationId: 'corr-1',
    });
    expect(typeof lines[0]?.time).toBe('string');
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('keeps credentials and personal data out of log lines', () => {
    const { lines, stream } = capture();
    const logger = createLogger('gateway', 'info', stream);
    logger.info(
      {
        user: { email: 'ana@example.org', password: 'hunter2', fullName: 'Ana Citizen' },
        req: { headers: { authorization: 'Bearer x' } },
      },
      'login',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['ana@example.org', 'hunter2', 'Ana Citizen', 'Bearer x'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('audit', 'warn', stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it("maps Nest's logger calls to structured lines with the Nest context", () => {
    const { lines, stream } = capture();
    const nest = new NestPinoLogger(createLogger('payments', 'trace', stream));
    nest.log('module ready', 'InstanceLoader');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionHandler');
    nest.warn({ detail: 1 }, 'Ctx');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'module ready',
      context: 'InstanceLoader',
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'boom',
      context: 'ExceptionHandler',
      stack: 'Error: boom\n    at x',
    });
    expect(lines[2]).toMatchObject({ level: 'warn', detail: 1, context: 'Ctx' });
  });

  it("defers a request's child logger until it writes, and writes the same lines as pino's child", () => {
    const { lines, stream } = capture();
    const logger = createLogger('gateway', 'warn', stream);
    let made = 0;
    const child = (Object.getPrototypeOf(logger) as typeof logger).child;
    // pino's children inherit `child`: count every child made under this logger.
    logger.child = function (this: typeof logger, ...args: Parameters<typeof child>) {
      made += 1;
      return child.apply(this, args);
    } as typeof logger.child;
    const request = deferredChild(logger, { correlationId: 'c-1' });
    request.info({ body: { password: 'secret' } }, 'incoming request');
    request.child({ traceId: 't-1' }).debug('nothing');
    expect(made).toBe(0); // nothing written at an enabled level: no child made
    expect(lines).toHaveLength(0);

    request.child({ traceId: 't-1' }).error({ body: { password: 'secret' } }, 'failed');
    request.warn('slow');
    expect(made).toBe(2); // the request's child once, then the trace's
    expect(lines[0]).toMatchObject({
      service: 'gateway',
      correlationId: 'c-1',
      traceId: 't-1',
      level: 'error',
      msg: 'failed',
      body: { password: '[redacted]' },
    });
    expect(lines[1]).toMatchObject({ correlationId: 'c-1', level: 'warn', msg: 'slow' });
    expect(lines[1]).not.toHaveProperty('traceId');
    expect(request.bindings()).toMatchObject({ correlationId: 'c-1' });
  });
});

describe('secrets in request URLs', () => {
  it('replaces the values of api_key and token query parameters, and nothing else', () => {
    expect(
      redactUrl('/open311/v2/requests.json?api_key=o311_1234abcd_secret&service_code=001'),
    ).toBe('/open311/v2/requests.json?api_key=[redacted]&service_code=001');
    expect(redactUrl('/x?a=1&API_KEY=k#f')).toBe('/x?a=1&API_KEY=[redacted]#f');
    expect(redactUrl('/open311/v2/tokens/abc.xml')).toBe('/open311/v2/tokens/abc.xml');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
