import { createRequire } from 'node:module';

/*
 * A permit type's form schema (JSON Schema 2020-12) compiled with Ajv 8 and ajv-formats: the
 * catalogue checks that an admin's schema compiles, and applications validate their `details`
 * against it (`compileFormSchema` once per type version, then the validator per request).
 *
 * Ajv 8 is loaded from beside ajv-formats: the `ajv` at the top of node_modules is ESLint's
 * Ajv 6, which knows no 2020-12. (Listing `ajv@^8` in package.json would hoist it; this
 * lookup finds it either way.)
 */

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface Ajv {
  compile(schema: object): AjvValidate;
}
type AjvClass = new (options: Record<string, unknown>) => Ajv;

const require = createRequire(import.meta.url);
const besideFormats = createRequire(require.resolve('ajv-formats'));
const { Ajv2020 } = besideFormats('ajv/dist/2020') as { Ajv2020: AjvClass };
const addFormats = (besideFormats('ajv-formats') as { default: (ajv: Ajv) => Ajv }).default;

/** A field at fault: `details.storeys`, `formSchema`. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A compiled form schema: the problems of one `details` object (none: valid). */
export type DetailsValidator = (details: unknown) => FieldProblem[];

/** A schema's JSON text may be at most this long. */
export const MAX_FORM_SCHEMA_CHARS = 65_536;

function newAjv(): Ajv {
  // Strict: an unknown keyword (a typo such as `requried`) is an error, not silently ignored.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    logger: false,
  });
  return addFormats(ajv);
}

const fieldOf = (prefix: string, error: AjvError): string => {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  // A missing property is the fault of the property, not of its parent object.
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string')
    path.push(error.params.missingProperty);
  if (
    error.keyword === 'additionalProperties' &&
    typeof error.params.additionalProperty === 'string'
  )
    path.push(error.params.additionalProperty);
  return [prefix, ...path].filter(Boolean).join('.');
};

/**
 * Compiles a form schema. Throws an Error saying why when it is not a JSON Schema Ajv can
 * compile (unknown keyword, bad `$ref`, wrong type of a keyword's value).
 */
export function compileFormSchema(
  schema: Record<string, unknown>,
  prefix = 'details',
): DetailsValidator {
  const validate = newAjv().compile(schema);
  return (details) => {
    if (validate(details)) return [];
    return (validate.errors ?? []).map((e) => {
      const field = fieldOf(prefix, e);
      return {
        field,
        code: e.keyword.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(),
        message: `${field} ${e.message ?? 'is invalid'}`,
      };
    });
  };
}

/** Why a form schema is refused (none: it is an object schema that compiles). */
export function formSchemaProblems(schema: Record<string, unknown>): FieldProblem[] {
  if (JSON.stringify(schema).length > MAX_FORM_SCHEMA_CHARS)
    return [
      {
        field: 'formSchema',
        code: 'MAX_LENGTH',
        message: `formSchema must be at most ${MAX_FORM_SCHEMA_CHARS} characters of JSON`,
      },
    ];
  if (schema.type !== 'object')
    return [
      {
        field: 'formSchema.type',
        code: 'OBJECT_SCHEMA',
        message: 'formSchema must describe an object (type: "object")',
      },
    ];
  try {
    compileFormSchema(schema);
    return [];
  } catch (error) {
    return [
      {
        field: 'formSchema',
        code: 'JSON_SCHEMA',
        message: `formSchema is not a valid JSON Schema: ${(error as Error).message}`,
      },
    ];
  }
}
