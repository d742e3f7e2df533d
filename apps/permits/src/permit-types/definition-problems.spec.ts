import { describe, expect, it } from '@jest/globals';
import { compileFormSchema } from './form-schema.js';
import { definitionProblems, storedDefinition } from './definition-problems.js';
import { assessFee, secondApprovalRequired, type PermitTypeDefinition } from './permit-type.js';
import {
  BUILDING_PERMIT,
  SEED_PERMIT_TYPES,
  STREET_EVENT_PERMIT,
  TRADE_LICENCE,
} from './seed-catalogue/catalogue-seed.js';

const clone = (def: PermitTypeDefinition): PermitTypeDefinition =>
  JSON.parse(JSON.stringify(def)) as PermitTypeDefinition;

const fieldsOf = (definition: unknown): string[] =>
  definitionProblems(definition).map((p) => p.field);

describe('definitionProblems', () => {
  it.each(SEED_PERMIT_TYPES.map((d) => [d.code, d] as const))(
    'accepts the seed type %s',
    (_code, definition) => {
      expect(definitionProblems(definition)).toEqual([]);
      expect(storedDefinition(definition)).toEqual(definition);
    },
  );

  it('refuses fields against their own rules, naming each', () => {
    const bad = clone(BUILDING_PERMIT) as unknown as Record<string, unknown>;
    bad.code = 'Building!';
    bad.prefix = 'bp';
    (bad.fee as { base: { amountMinor: number } }).base.amountMinor = 12.5;
    (bad.fee as { perUnit: { revenueCode: string }[] }).perUnit[0]!.revenueCode = 'Not A Code';
    (bad.documentKinds as { contentTypes: string[] }[])[0]!.contentTypes = ['text/html'];
    bad.remedy = 'shrug';
    bad.names = { de: 'nur Deutsch' };
    bad.surprise = true;
    expect(fieldsOf(bad)).toEqual(
      expect.arrayContaining([
        'code',
        'prefix',
        'fee.base.amountMinor',
        'fee.perUnit.0.revenueCode',
        'documentKinds.0.contentTypes',
        'remedy',
        'names',
        'surprise',
      ]),
    );
  });

  it('refuses a form schema that is not a JSON Schema, or not of an object', () => {
    const typo = clone(BUILDING_PERMIT);
    typo.formSchema = {
      type: 'object',
      properties: { storeys: { type: 'integer' } },
      requried: [],
    };
    expect(definitionProblems(typo)).toEqual([
      expect.objectContaining({ field: 'formSchema', code: 'JSON_SCHEMA' }),
    ]);
    const wrongType = clone(BUILDING_PERMIT);
    wrongType.formSchema = { type: 'object', properties: { storeys: { type: 'whole number' } } };
    expect(fieldsOf(wrongType)).toEqual(['formSchema']);
    const notObject = clone(BUILDING_PERMIT);
    notObject.formSchema = { type: 'string' };
    expect(fieldsOf(notObject)).toEqual(['formSchema.type']);
  });

  it('refuses fee and approval rules on quantities the type does not declare', () => {
    const def = clone(BUILDING_PERMIT);
    def.fee.perUnit[0]!.quantity = 'volume_m3';
    def.approval = { secondApprover: { role: 'supervisor', quantity: 'height_m', above: 10 } };
    expect(definitionProblems(def)).toEqual([
      expect.objectContaining({ field: 'fee.perUnit.0.quantity', code: 'UNKNOWN_QUANTITY' }),
      expect.objectContaining({
        field: 'approval.secondApprover.quantity',
        code: 'UNKNOWN_QUANTITY',
      }),
    ]);
  });

  it('refuses document kinds and quantities declared twice, and a threshold never reached', () => {
    const def = clone(BUILDING_PERMIT);
    def.documentKinds.push({ ...def.documentKinds[0]! });
    def.quantities.push({ ...def.quantities[0]! });
    def.approval = {
      secondApprover: { role: 'supervisor', quantity: 'floor_area_m2', above: 1_000_000 },
    };
    expect(fieldsOf(def)).toEqual([
      'documentKinds.0.kind',
      'documentKinds.3.kind',
      'quantities.0.code',
      'quantities.1.code',
      'approval.secondApprover.above',
    ]);
  });

  it('refuses re-inspections without inspections, and a public holder field the form lacks', () => {
    const def = clone(STREET_EVENT_PERMIT);
    def.inspection = { required: false, maxReinspections: 1 };
    def.publicHolderField = 'organiser';
    expect(fieldsOf(def)).toEqual(['inspection.maxReinspections', 'publicHolderField']);
  });

  it('refuses what is not an object', () => {
    expect(fieldsOf(null)).toEqual(['definition']);
    expect(fieldsOf([BUILDING_PERMIT])).toEqual(['definition']);
  });
});

describe('the seed types', () => {
  it('assess the building fee from the base and the floor area, four eyes above 500 m²', () => {
    expect(assessFee(BUILDING_PERMIT, { floor_area_m2: 620 })).toEqual({
      currency: 'EUR',
      lines: [
        {
          revenueCode: 'permits.building',
          descriptionKey: 'fees.building.base',
          amountMinor: 25_000,
        },
        {
          revenueCode: 'permits.building',
          descriptionKey: 'fees.building.floor-area',
          amountMinor: 93_000,
        },
      ],
      totalMinor: 118_000,
    });
    expect(secondApprovalRequired(BUILDING_PERMIT, { floor_area_m2: 500 })).toBe(false);
    expect(secondApprovalRequired(BUILDING_PERMIT, { floor_area_m2: 501 })).toBe(true);
    expect(secondApprovalRequired(TRADE_LICENCE, {})).toBe(false);
    expect(assessFee(TRADE_LICENCE, {}).totalMinor).toBe(12_000);
  });

  it("validate an application's details against the type's form schema, naming each field", () => {
    const validate = compileFormSchema(BUILDING_PERMIT.formSchema);
    expect(validate({ description: 'A garden shed', storeys: 1 })).toEqual([]);
    expect(validate({ storeys: 0, colour: 'red' }).map((p) => p.field)).toEqual(
      expect.arrayContaining(['details.description', 'details.storeys', 'details.colour']),
    );
    const event = compileFormSchema(STREET_EVENT_PERMIT.formSchema);
    expect(
      event({ description: 'Street party', startDate: '2026-06-01', endDate: 'soon' }),
    ).toEqual([expect.objectContaining({ field: 'details.endDate', code: 'FORMAT' })]);
  });
});
