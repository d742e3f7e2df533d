import { plainToInstance, TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import {
  getMetadataStorage,
  validateSync,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** How every event payload is checked: only the class's fields, each by its rules. */
const STRICT = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

type Class = new () => object;

interface Rule {
  validateIf?: (object: object, value: unknown) => boolean;
  each: boolean;
  constraints: unknown[];
  validators: ValidatorConstraintInterface[];
}

interface PropertyRules {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
}

/** A class's rules, read once from class-validator's metadata; undefined: not compilable. */
interface CompiledClass {
  properties: PropertyRules[];
  known: Set<string>;
  /**
   * class-transformer has nothing to do for the class (no @Type, @Transform, @Expose,
   * @Exclude, no accessor among its fields): `plainToInstance` of a flat payload is then a
   * new instance with the payload's fields assigned.
   */
  assignable: boolean;
}

const compiled = new Map<Class, CompiledClass | undefined>();

/**
 * Reads the rules `validateSync` applies to an instance of `cls` (the same metadata, the same
 * constraint instances) into a list that a check walks without class-validator's per-call
 * work: looking the metadata up, grouping it, building an error object for every property.
 * Classes using what this does not mirror (nested or promise validation, no rules at all) are
 * left to `validateSync`.
 */
function compile(cls: Class): CompiledClass | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, undefined as never, false, false);
  if (metadatas.length === 0) return undefined; // forbidUnknownValues: an error, said by validateSync
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyRules[] = [];
  for (const name of Object.keys(grouped)) {
    const property: PropertyRules = { name, conditions: [], rules: [] };
    for (const metadata of grouped[name] ?? []) {
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(
            metadata.constraints[0] as (object: object, value: unknown) => boolean,
          );
          break;
        case ValidationTypes.CUSTOM_VALIDATION:
        case ValidationTypes.IS_DEFINED:
          property.rules.push({
            validateIf: metadata.validateIf,
            each: metadata.each,
            constraints: metadata.constraints,
            // validateSync skips asynchronous constraints.
            validators: storage
              .getTargetValidatorConstraints(metadata.constraintCls)
              .filter((c) => !c.async)
              .map((c) => c.instance),
          });
          break;
        default:
          return undefined;
      }
    }
    properties.push(property);
  }
  const known = new Set(Object.keys(grouped));
  return { properties, known, assignable: transformerFree(cls, known) };
}

function transformerFree(cls: Class, properties: Set<string>): boolean {
  const transformer = defaultMetadataStorage;
  if (transformer.getStrategy(cls) !== 'none') return false;
  if (transformer.getExposedMetadatas(cls).length > 0) return false;
  if (transformer.getExcludedMetadatas(cls).length > 0) return false;
  for (const property of properties) {
    if (property in cls.prototype) return false;
    if (transformer.findTypeMetadata(cls, property)) return false;
    if (transformer.findTransformMetadatas(cls, property, TransformationType.PLAIN_TO_CLASS).length)
      return false;
  }
  return true;
}

/**
 * `plainToInstance(cls, data)`, without class-transformer's walk when that is known to give
 * the same: a plain object of known fields holding primitives, for a class it has nothing to
 * do for.
 */
function instanceOf(cls: Class, rules: CompiledClass | undefined, data: object): unknown {
  const prototype = Object.getPrototypeOf(data) as unknown;
  if (rules?.assignable && (prototype === Object.prototype || prototype === null)) {
    const instance = new cls() as Record<string, unknown>;
    let flat = true;
    for (const [key, value] of Object.entries(data)) {
      if (!rules.known.has(key) || (typeof value === 'object' && value !== null)) {
        flat = false;
        break;
      }
      instance[key] = value;
    }
    if (flat) return instance;
  }
  return plainToInstance(cls, data);
}

function compiledOf(cls: Class): CompiledClass | undefined {
  if (!compiled.has(cls)) compiled.set(cls, compile(cls));
  return compiled.get(cls);
}

/** A constraint's verdict as validateSync reads it (truthy); a promise is left to it. */
function holds(validator: ValidatorConstraintInterface, value: unknown, args: ValidationArguments) {
  const verdict = validator.validate(value, args) as unknown;
  return Boolean(verdict) && typeof (verdict as PromiseLike<unknown>).then !== 'function';
}

/**
 * Whether `instance` passes `validateSync(instance, STRICT)`, decided without it when the
 * class's rules were compiled: true only when every rule holds; false when one does not or
 * the check cannot tell (a class not compiled, a field the class does not declare), in which
 * case `validateSync` says what is wrong. Exported for the test that holds it to
 * `validateSync`'s verdict.
 */
export function passesCompiledRules(cls: Class, instance: unknown): boolean {
  const rules = compiledOf(cls);
  if (!rules || !(instance instanceof cls)) return false;
  const object = instance as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!rules.known.has(key)) return false;
  for (const property of rules.properties) {
    const value = object[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const rule of property.rules) {
      if (rule.validateIf && !rule.validateIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: cls.name,
        property: property.name,
        object,
        value,
        constraints: rule.constraints,
      };
      const items =
        rule.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)
          ? [...(value instanceof Map ? value.values() : value)]
          : undefined;
      for (const validator of rule.validators)
        if (
          items
            ? !items.every((item) => holds(validator, item, args))
            : !holds(validator, value, args)
        )
          return false;
    }
  }
  return true;
}

/**
 * The fields of `data` that break the payload class `cls` (whitelist, unknown fields
 * refused), as class-validator's `validateSync` names them; empty when it is valid. A valid
 * payload, the case of nearly every call, is decided by the compiled rules in a fraction of
 * `validateSync`'s time; anything else goes through `validateSync` for its verdict. A payload
 * that is not an object is wrong as a whole: `['data']`.
 */
export function payloadProblemsOf(cls: Class, data: unknown): string[] {
  // Not an object at all (class-validator would throw on null, or read a string as a schema).
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['data'];
  const instance = instanceOf(cls, compiledOf(cls), data);
  if (passesCompiledRules(cls, instance)) return [];
  return validateSync(instance as object, STRICT).map((e) => e.property);
}
