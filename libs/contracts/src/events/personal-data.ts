import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';

/**
 * Event payloads carry ids and facts, never personal data. A field whose name looks
 * personal must say what it really is: an id of a record (`@IdField()`) or a salted hash of
 * a personal value (`@HashedField()`). A contract test fails otherwise.
 */
const MARKS = Symbol('civic:personal-data-marks');
export type FieldMark = 'id' | 'hash';

function mark(kind: FieldMark): PropertyDecorator {
  return (target, property) => {
    const marks =
      (Reflect.getOwnMetadata(MARKS, target.constructor) as
        Map<string | symbol, FieldMark> | undefined) ?? new Map();
    marks.set(property, kind);
    Reflect.defineMetadata(MARKS, marks, target.constructor);
  };
}

/** The field holds an identifier (UUID or reference number), not a personal value. */
export const IdField = (): PropertyDecorator => mark('id');
/** The field holds a salted hash of a personal value, never the value itself. */
export const HashedField = (): PropertyDecorator => mark('hash');

/** A field's mark, on the class or on the class it inherits the field from. */
export function fieldMark(
  cls: abstract new (...args: never[]) => unknown,
  property: string,
): FieldMark | undefined {
  for (let c: unknown = cls; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const marks = Reflect.getOwnMetadata(MARKS, c) as Map<string | symbol, FieldMark> | undefined;
    const mark = marks?.get(property);
    if (mark) return mark;
  }
  return undefined;
}

/** Field names that suggest personal data or free text written by a citizen. */
export const PERSONAL_LOOKING =
  /(name|email|mail|phone|mobile|address|street|zip|postcode|birth|national|passport|ssn|iban|account|contact|description|comment|note|text|message|reason_text|free|ip)/i;

/**
 * The fields of a payload class whose names look personal and that are marked neither as an
 * id nor as a hash. Fields are found through their class-validator rules (every payload
 * field has at least one).
 */
export function personalDataViolations(cls: new () => object): string[] {
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  return [...properties].filter((p) => PERSONAL_LOOKING.test(p) && !fieldMark(cls, p));
}
