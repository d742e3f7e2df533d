import type { PermitTypeDefinition } from '../../api/client';

/**
 * The questions of a permit type's form, read from its version's JSON Schema (`formSchema`,
 * the `details` of an application) and its declared quantities. A property becomes one
 * question: a string (a textarea when it may be long, a date with `format: date`, radios with
 * `enum` or `oneOf` of `const`s), an integer or number, a boolean (yes or no), an array of
 * `enum` strings (checkboxes). Its label is the schema's `title` (else its name), its hint the
 * schema's `description`.
 */
export type QuestionKind =
  'text' | 'textarea' | 'date' | 'integer' | 'number' | 'boolean' | 'choice' | 'choices';

export interface Question {
  /** `details` (the form schema's) or `quantities` (the type's declared numbers). */
  section: 'details' | 'quantities';
  name: string;
  kind: QuestionKind;
  /** The label; `labelLang` when it is not in the page's language (schemas carry English). */
  label: string;
  hint?: string;
  required: boolean;
  options?: { value: string; label: string }[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  unit?: string;
}

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const optionsOf = (schema: Schema): { value: string; label: string }[] | undefined => {
  if (Array.isArray(schema.enum))
    return schema.enum.map((value) => ({ value: String(value), label: String(value) }));
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((o) => isObject(o) && 'const' in o))
    return (schema.oneOf as Schema[]).map((o) => ({
      value: String(o.const),
      label: text(o.title) ?? String(o.const),
    }));
  return undefined;
};

/**
 * The form schema's questions: the required ones in the order of `required`, then the others by
 * name. (A schema's `properties` come back from the catalogue's `jsonb` with their keys
 * reordered, so their written order cannot be the questions' order; `required` is an array.)
 */
export function detailQuestions(formSchema: Record<string, unknown>): Question[] {
  const properties = isObject(formSchema.properties) ? formSchema.properties : {};
  const required = Array.isArray(formSchema.required) ? formSchema.required.map(String) : [];
  const names = [
    ...required.filter((name) => name in properties),
    ...Object.keys(properties)
      .filter((name) => !required.includes(name))
      .sort(),
  ];
  return names.flatMap((name): Question[] => {
    const raw = properties[name];
    if (!isObject(raw)) return [];
    const base = {
      section: 'details' as const,
      name,
      label: text(raw.title) ?? name,
      hint: text(raw.description),
      required: required.includes(name),
    };
    const options = optionsOf(raw);
    const types: unknown[] = Array.isArray(raw.type) ? raw.type : [raw.type];
    const type = types.find((t) => t !== 'null');
    if (options) return [{ ...base, kind: 'choice', options }];
    if (type === 'array' && isObject(raw.items)) {
      const itemOptions = optionsOf(raw.items);
      return itemOptions ? [{ ...base, kind: 'choices', options: itemOptions }] : [];
    }
    if (type === 'boolean') return [{ ...base, kind: 'boolean' }];
    if (type === 'integer' || type === 'number')
      return [
        {
          ...base,
          kind: type,
          minimum: num(raw.minimum),
          maximum: num(raw.maximum),
        },
      ];
    if (type === 'string')
      return [
        {
          ...base,
          kind:
            raw.format === 'date' ? 'date' : (num(raw.maxLength) ?? 0) > 200 ? 'textarea' : 'text',
          minLength: num(raw.minLength),
          maxLength: num(raw.maxLength),
          pattern: text(raw.pattern),
        },
      ];
    return [];
  });
}

/** The type's declared quantities as questions (whole numbers from 0 to their maximum). */
export function quantityQuestions(definition: PermitTypeDefinition, language: string): Question[] {
  return definition.quantities.map((q) => ({
    section: 'quantities',
    name: q.code,
    kind: 'integer',
    label: q.names?.[language] ?? q.names?.en ?? q.code,
    required: q.required,
    minimum: 0,
    maximum: q.max,
    unit: q.unit,
  }));
}

/** A form of more than this many questions is asked one question per page (GOV.UK). */
export const LONG_FORM = 3;

/** The pages of a section: one question each when the form is long, else all on one page. */
export const pagesOf = (questions: Question[]): Question[][] =>
  questions.length > LONG_FORM ? questions.map((q) => [q]) : questions.length ? [questions] : [];

/** The id of a question's input (also what the error summary links to). */
export const fieldId = (section: string, name: string): string => `${section}-${name}`;

/** A stored value as the text its input shows. */
export function inputText(question: Question, value: unknown): string {
  if (question.kind === 'boolean') return value === true ? 'yes' : value === false ? 'no' : '';
  return scalarText(value);
}

/** A stored scalar as text (an object or array that a schema does not ask for shows as JSON). */
export const scalarText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
};

export type Check =
  | { ok: true; value: unknown }
  | {
      ok: false;
      problem:
        | 'required'
        | 'number'
        | 'integer'
        | 'min'
        | 'max'
        | 'tooLong'
        | 'tooShort'
        | 'date'
        | 'pattern';
    };

/** What a question's answer (as typed) stores, or why it cannot; an empty optional answer stores nothing. */
export function checkAnswer(question: Question, answer: string | string[]): Check {
  if (question.kind === 'choices') {
    const values = Array.isArray(answer) ? answer : [];
    if (question.required && values.length === 0) return { ok: false, problem: 'required' };
    return { ok: true, value: values.length ? values : undefined };
  }
  const raw = (Array.isArray(answer) ? (answer[0] ?? '') : answer).trim();
  if (!raw)
    return question.required ? { ok: false, problem: 'required' } : { ok: true, value: undefined };
  switch (question.kind) {
    case 'integer':
    case 'number': {
      const value = Number(raw.replace(/,/g, ''));
      if (!Number.isFinite(value)) return { ok: false, problem: 'number' };
      if (question.kind === 'integer' && !Number.isInteger(value))
        return { ok: false, problem: 'integer' };
      if (question.minimum !== undefined && value < question.minimum)
        return { ok: false, problem: 'min' };
      if (question.maximum !== undefined && value > question.maximum)
        return { ok: false, problem: 'max' };
      return { ok: true, value };
    }
    case 'boolean':
      return { ok: true, value: raw === 'yes' };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))
        ? { ok: true, value: raw }
        : { ok: false, problem: 'date' };
    case 'choice':
    case 'text':
    case 'textarea':
      if (question.minLength !== undefined && raw.length < question.minLength)
        return { ok: false, problem: 'tooShort' };
      if (question.maxLength !== undefined && raw.length > question.maxLength)
        return { ok: false, problem: 'tooLong' };
      if (question.pattern && !new RegExp(question.pattern, 'u').test(raw))
        return { ok: false, problem: 'pattern' };
      return { ok: true, value: raw };
  }
}

/** Whether every required question of the list has an answer in `values`. */
export const answered = (questions: Question[], values: Record<string, unknown>): boolean =>
  questions.every((q) => !q.required || (values[q.name] !== undefined && values[q.name] !== ''));
