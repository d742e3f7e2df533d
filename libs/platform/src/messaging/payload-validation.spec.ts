import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Expose, plainToInstance, Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { EVENT_MAP } from '#contracts';
import { passesCompiledRules, payloadProblemsOf } from './payload-validation.js';

type Class = new () => object;

/** What every event payload met before the compiled rules: class-validator itself. */
const reference = (cls: Class, data: unknown): string[] =>
  validateSync(plainToInstance<object, unknown>(cls, data), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  }).map((e) => e.property);

/** Values that fit, or break, the rules the payload classes use. */
const POOL: unknown[] = [
  '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
  'a3bb189e-8bf9-3888-9912-ace4e6543002',
  '2026-01-02T03:04:05.000Z',
  '2026-13-02T03:04:05Z',
  'building.small-extension',
  'EUR',
  'eur',
  'PERMITS',
  'IDENTITY.ACCESS_DENIED',
  'gov.permits.application.submitted.v1',
  'R-2026-000001',
  'BP-2026-000123',
  'BP-P-2026-000001',
  '2026-12-01',
  'o311_0123abcd',
  '0123456789abcdef'.repeat(4),
  'x',
  '',
  ' spaced ',
  'a'.repeat(300),
  0,
  1,
  2,
  -1,
  1.5,
  1250,
  Number.NaN,
  true,
  null,
  undefined,
  [],
  ['x', 'y'],
  ['x', 3],
  {},
  { nested: 'x' },
];

/** A seeded generator, so that a failure can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const propertiesOf = (cls: Class): string[] => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, undefined as never, false, false)
      .map((m) => m.propertyName),
  ),
];

/** The pool plus the values of the class's own `@IsIn` lists. */
function poolOf(cls: Class): unknown[] {
  const allowed = getMetadataStorage()
    .getTargetValidationMetadatas(cls, undefined as never, false, false)
    .filter((m) => m.name === 'isIn')
    .flatMap((m) => m.constraints[0] as unknown[]);
  return [...POOL, ...allowed];
}

/** A valid payload: for each field, the first pool value that class-validator accepts there. */
function validSample(cls: Class): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const property of propertiesOf(cls)) {
    const fits = poolOf(cls).find(
      (value) => !reference(cls, { [property]: value }).includes(property),
    );
    sample[property] = fits;
  }
  return sample;
}

/**
 * Payloads around a valid one: each field set to each pool value or left out, an unknown
 * field added, and random mixtures of those.
 */
function variants(cls: Class, seed: number): unknown[] {
  const base = validSample(cls);
  const pool = poolOf(cls);
  const properties = Object.keys(base);
  const out: unknown[] = [base, { ...base, unknownField: 1 }];
  for (const property of properties) {
    const { [property]: _left, ...without } = base;
    out.push(without);
    for (const value of pool) out.push({ ...base, [property]: value });
  }
  const next = random(seed);
  for (let i = 0; i < 300; i += 1) {
    const mixed: Record<string, unknown> = { ...base };
    for (const property of properties)
      if (next() < 0.5) mixed[property] = pool[Math.floor(next() * pool.length)];
    if (next() < 0.1) mixed.extra = 'x';
    out.push(mixed);
  }
  return out;
}

/** Both verdicts over the variants: the same problems, and the compiled rules accept exactly the valid ones. */
function expectSameVerdicts(cls: Class, seed = 1): { valid: number; total: number } {
  let valid = 0;
  const all = variants(cls, seed);
  // Disagreements collected and compared once: an expect per variant was most of the time.
  const disagreements: unknown[] = [];
  for (const data of all) {
    const expected = reference(cls, data);
    const problems = payloadProblemsOf(cls, data);
    if (JSON.stringify(problems) !== JSON.stringify(expected))
      disagreements.push({ data, problems, expected });
    const accepted = passesCompiledRules(cls, plainToInstance(cls, data));
    if (expected.length === 0) valid += 1;
    if (accepted !== (expected.length === 0))
      disagreements.push({ data, accepted, expected: expected.length === 0 });
  }
  expect(disagreements).toEqual([]);
  return { valid, total: all.length };
}

class Tagged {
  @IsIn(['a', 'b'])
  kind: string;

  @IsOptional()
  @IsString({ each: true })
  tags?: string[];

  @ValidateIf((o: Tagged) => o.kind === 'a')
  @IsInt()
  @Min(1)
  count?: number;

  @IsDefined()
  present: unknown;
}

class Base {
  @IsUUID()
  id: string;
}

class Derived extends Base {
  @IsInt()
  n: number;
}

class Inner {
  @IsString()
  nested: string;
}

class Outer {
  @IsUUID()
  id: string;

  @ValidateNested()
  @Type(() => Inner)
  inner: Inner;
}

class Bare {}

/** Classes class-transformer changes a payload for before validation. */
class Trimmed {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(/^x$/)
  code: string;
}

class Renamed {
  @Expose({ name: 'wire_name' })
  @IsString()
  wireName: string;
}

class Defaulted {
  @IsInt()
  n: number = 1;

  @IsString()
  s: string;
}

describe('payload validation (compiled rules)', () => {
  it.each(Object.entries(EVENT_MAP))(
    '%s: the same verdict as class-validator on valid and broken payloads',
    (_subject, cls) => {
      const { valid, total } = expectSameVerdicts(cls);
      // The valid sample and the variants that kept it valid went the fast way.
      expect(valid).toBeGreaterThan(0);
      expect(valid).toBeLessThan(total);
    },
  );

  it('mirrors optional fields, conditions, `each` and IsDefined', () => {
    const { valid } = expectSameVerdicts(Tagged, 7);
    expect(valid).toBeGreaterThan(0);
    expect(payloadProblemsOf(Tagged, { kind: 'a', present: 1, count: 0 })).toEqual(['count']);
    expect(payloadProblemsOf(Tagged, { kind: 'b', present: 1, count: 0 })).toEqual([]);
    expect(payloadProblemsOf(Tagged, { kind: 'b', present: 1, tags: ['x', 2] })).toEqual(['tags']);
    expect(payloadProblemsOf(Tagged, { kind: 'b' })).toEqual(['present']);
  });

  it('refuses a payload that is not an object as a whole', () => {
    for (const data of [null, undefined, 'text', 3, [validSample(Derived)]])
      expect(payloadProblemsOf(Derived, data)).toEqual(['data']);
  });

  it('applies the rules a class inherits', () => {
    expectSameVerdicts(Derived, 3);
    expect(payloadProblemsOf(Derived, { id: 'nope', n: 1 })).toEqual(['id']);
  });

  it('sees what class-transformer does to a payload first (transforms, renames, defaults)', () => {
    expectSameVerdicts(Trimmed, 11);
    expect(payloadProblemsOf(Trimmed, { code: ' x ' })).toEqual([]);
    expectSameVerdicts(Renamed, 13);
    expect(payloadProblemsOf(Renamed, { wire_name: 'a' })).toEqual([]);
    expect(payloadProblemsOf(Renamed, { wireName: 'a' })).toEqual(
      reference(Renamed, { wireName: 'a' }),
    );
    expectSameVerdicts(Defaulted, 17);
    expect(payloadProblemsOf(Defaulted, { s: 'a' })).toEqual([]);
  });

  it('leaves to class-validator what it does not mirror (nested rules, no rules)', () => {
    const inner = { id: '0196a0c5-49a2-741e-aa07-55ec9ed3160e', inner: { nested: 'x' } };
    expect(passesCompiledRules(Outer, plainToInstance(Outer, inner))).toBe(false);
    expect(payloadProblemsOf(Outer, inner)).toEqual([]);
    expect(payloadProblemsOf(Outer, { ...inner, inner: { nested: 1 } })).toEqual(['inner']);
    expect(passesCompiledRules(Bare, new Bare())).toBe(false);
    expect(payloadProblemsOf(Bare, {})).toEqual(reference(Bare, {}));
    expect(payloadProblemsOf(Bare, {})).toHaveLength(1);
  });
});
