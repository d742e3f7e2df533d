import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { PERMIT_REVIEW_REMEDIES, PermitTypeDefinitionInput } from '#contracts';
import { formSchemaProblems, type FieldProblem } from './form-schema.js';
import { REVIEW_REMEDIES, type PermitTypeDefinition } from './permit-type.js';

/*
 * Whether a permit type definition may be published: every field by its own rule (the request
 * class of libs/contracts, also applied at the gateway and the NATS gate, applied again here
 * so that the seed and any other caller pass the same gate), then what spans fields. Pure.
 */

// The request class and the stored definition are one shape (a change to either must follow).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<PermitTypeDefinitionInput, PermitTypeDefinition> = true;
const sameRemedies: Same<
  (typeof PERMIT_REVIEW_REMEDIES)[number],
  (typeof REVIEW_REMEDIES)[number]
> = true;
void sameShape;
void sameRemedies;

const constraintCode = (constraint: string): string => {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
};

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {}))
      problems.push({
        field,
        code: constraintCode(constraint),
        message: constraint === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    if (error.children?.length) problems.push(...flatten(error.children, field));
  }
  return problems;
}

const duplicates = (values: readonly string[]): Set<string> => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return twice;
};

/** What spans fields: names that must exist elsewhere in the definition, and be unique. */
function crossFieldProblems(def: PermitTypeDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, code: string, message: string) =>
    problems.push({ field, code, message });

  problems.push(...formSchemaProblems(def.formSchema));

  const kinds = duplicates(def.documentKinds.map((d) => d.kind));
  def.documentKinds.forEach((d, i) => {
    if (kinds.has(d.kind))
      problem(`documentKinds.${i}.kind`, 'UNIQUE', `document kind ${d.kind} is declared twice`);
  });

  const quantityCodes = new Map(def.quantities.map((q) => [q.code, q]));
  const twiceDeclared = duplicates(def.quantities.map((q) => q.code));
  def.quantities.forEach((q, i) => {
    if (twiceDeclared.has(q.code))
      problem(`quantities.${i}.code`, 'UNIQUE', `quantity ${q.code} is declared twice`);
  });

  const rated = duplicates(def.fee.perUnit.map((r) => r.quantity));
  def.fee.perUnit.forEach((rate, i) => {
    if (!quantityCodes.has(rate.quantity))
      problem(
        `fee.perUnit.${i}.quantity`,
        'UNKNOWN_QUANTITY',
        `fee.perUnit.${i}.quantity ${rate.quantity} is not a quantity of this type`,
      );
    else if (rated.has(rate.quantity))
      problem(
        `fee.perUnit.${i}.quantity`,
        'UNIQUE',
        `quantity ${rate.quantity} has more than one unit rate`,
      );
    const most = quantityCodes.get(rate.quantity)?.max ?? 0;
    if (!Number.isSafeInteger(rate.amountMinor * most + def.fee.base.amountMinor))
      problem(`fee.perUnit.${i}.amountMinor`, 'MAX', 'the largest fee would leave safe integers');
  });

  const second = def.approval.secondApprover;
  if (second) {
    const quantity = quantityCodes.get(second.quantity);
    if (!quantity)
      problem(
        'approval.secondApprover.quantity',
        'UNKNOWN_QUANTITY',
        `approval.secondApprover.quantity ${second.quantity} is not a quantity of this type`,
      );
    else if (second.above >= quantity.max)
      problem(
        'approval.secondApprover.above',
        'MAX',
        `approval.secondApprover.above must be below the quantity's max (${quantity.max}), or the rule never applies`,
      );
  }

  if (!def.inspection.required && def.inspection.maxReinspections > 0)
    problem(
      'inspection.maxReinspections',
      'NO_INSPECTION',
      'inspection.maxReinspections must be 0 when no inspection is required',
    );

  if (def.publicHolderField !== undefined) {
    const properties = def.formSchema.properties as Record<string, { type?: unknown }> | undefined;
    const field = properties?.[def.publicHolderField];
    if (!field || field.type !== 'string')
      problem(
        'publicHolderField',
        'UNKNOWN_FORM_FIELD',
        `publicHolderField ${def.publicHolderField} must be a string property of formSchema`,
      );
  }
  return problems;
}

/**
 * Every problem of a definition (none: it may be published), each naming its field the way
 * the request spells it (`fee.perUnit.0.quantity`, `formSchema`).
 */
export function definitionProblems(definition: unknown): FieldProblem[] {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
    return [{ field: 'definition', code: 'IS_OBJECT', message: 'a definition is an object' }];
  const input = plainToInstance(PermitTypeDefinitionInput, definition);
  const fieldProblems = flatten(
    validateSync(input, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  // Rules between fields only make sense once every field has its shape.
  if (fieldProblems.length > 0) return fieldProblems;
  return crossFieldProblems(definition as PermitTypeDefinition);
}

/**
 * The definition as stored: only the declared fields, in a stable order (what an admin sent,
 * without anything class-transformer would add or drop).
 */
export function storedDefinition(def: PermitTypeDefinition): PermitTypeDefinition {
  return {
    code: def.code,
    prefix: def.prefix,
    names: def.names,
    descriptions: def.descriptions,
    documentKinds: def.documentKinds.map((d) => ({
      kind: d.kind,
      names: d.names,
      required: d.required,
      contentTypes: d.contentTypes,
      maxBytes: d.maxBytes,
    })),
    formSchema: def.formSchema,
    quantities: def.quantities.map((q) => ({
      code: q.code,
      names: q.names,
      unit: q.unit,
      required: q.required,
      max: q.max,
    })),
    fee: {
      currency: def.fee.currency,
      base: {
        amountMinor: def.fee.base.amountMinor,
        revenueCode: def.fee.base.revenueCode,
        descriptionKey: def.fee.base.descriptionKey,
      },
      perUnit: def.fee.perUnit.map((r) => ({
        quantity: r.quantity,
        amountMinor: r.amountMinor,
        revenueCode: r.revenueCode,
        descriptionKey: r.descriptionKey,
      })),
    },
    paymentDays: def.paymentDays,
    completenessCheckDays: def.completenessCheckDays,
    reviewDays: def.reviewDays,
    renewalReviewDays: def.renewalReviewDays,
    remedy: def.remedy,
    inspection: {
      required: def.inspection.required,
      maxReinspections: def.inspection.maxReinspections,
    },
    approval: def.approval.secondApprover
      ? {
          secondApprover: {
            role: def.approval.secondApprover.role,
            quantity: def.approval.secondApprover.quantity,
            above: def.approval.secondApprover.above,
          },
        }
      : {},
    validity: { months: def.validity.months },
    ...(def.publicHolderField === undefined ? {} : { publicHolderField: def.publicHolderField }),
  };
}
