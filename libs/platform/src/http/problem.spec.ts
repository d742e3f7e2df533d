import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { IsString, MaxLength } from 'class-validator';
import { createValidationPipe, nulCharacterAt, ProblemException } from './problem.js';

class NameDto {
  @IsString()
  @MaxLength(10)
  name: string;
}

const refusal = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return error as ProblemException;
  }
  throw new Error('not refused');
};

describe('nulCharacterAt', () => {
  it.each([
    ['a clean body', { a: 'x', b: [1, 'y', { c: null }] }, '', undefined],
    ['a top-level field', { a: 'x', b: 'y\u0000' }, '', 'b'],
    ['an item of a nested list', { form: { rooms: ['a', 'b\u0000c'] } }, '', 'form.rooms.1'],
    ['a property name', { form: { 'x\u0000': 1 } }, '', 'form.x\u0000'],
    ['a parameter', 'abc\u0000', 'id', 'id'],
    ['a whole value without a name', '\u0000', '', ''],
  ])('%s', (_label, value, prefix, expected) => {
    expect(nulCharacterAt(value, prefix)).toBe(expected);
  });

  it('leaves files, buffers and streams alone (their bytes are not text)', () => {
    const stream = Readable.from(['\u0000']);
    expect(nulCharacterAt({ file: Buffer.from([0]), stream, at: new Date(0) })).toBeUndefined();
  });

  it('walks a deeply nested body without recursion', () => {
    let body: unknown = 'deep\u0000';
    for (let n = 0; n < 100_000; n += 1) body = [body];
    expect(nulCharacterAt(body)).toBe(Array.from({ length: 100_000 }, () => '0').join('.'));
  });
});

describe('the platform validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses U+0000 in a body field with 422 INVALID_CHARACTER naming it, before the rules', async () => {
    const error = await refusal(() =>
      pipe.transform({ name: 'far too long\u0000' }, { type: 'body', metatype: NameDto }),
    );
    expect(error).toBeInstanceOf(ProblemException);
    expect(error.status).toBe(422);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      expect.objectContaining({ field: 'name', code: 'INVALID_CHARACTER' }),
    ]);
  });

  it('names a path or query parameter by its name', async () => {
    const error = await refusal(() =>
      pipe.transform('a\u0000', { type: 'param', data: 'id', metatype: String }),
    );
    expect(error.errors?.[0]).toMatchObject({ field: 'id', code: 'INVALID_CHARACTER' });
    const query = await refusal(() =>
      pipe.transform({ q: 'x\u0000' }, { type: 'query', metatype: Object }),
    );
    expect(query.errors?.[0]).toMatchObject({ field: 'q', code: 'INVALID_CHARACTER' });
  });

  it("leaves a custom decorator's value alone and validates clean input as before", async () => {
    const caller = { id: 'u\u0000' };
    await expect(pipe.transform(caller, { type: 'custom', metatype: Object })).resolves.toBe(
      caller,
    );
    await expect(
      pipe.transform({ name: 'Ana' }, { type: 'body', metatype: NameDto }),
    ).resolves.toEqual({ name: 'Ana' });
    const error = await refusal(() =>
      pipe.transform({ name: 'x'.repeat(11) }, { type: 'body', metatype: NameDto }),
    );
    expect(error.errors).toEqual([expect.objectContaining({ field: 'name', code: 'MAX_LENGTH' })]);
  });
});
