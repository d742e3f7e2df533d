import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { BUILDING_PERMIT } from '../permit-types/seed-catalogue/catalogue-seed.js';
import type { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import { caseRulesOf, pinnedDefinition } from './pinned-type-versions.js';

// The case work reads a case's pinned version through the catalogue's own repository
// (`findVersion`); the medium spec of issuing reads it from the real tables.
const db = {} as EntityManager;
const asked: [string, number][] = [];
const catalogue = {
  findVersion: (_db: EntityManager, code: string, version: number) => {
    asked.push([code, version]);
    return Promise.resolve(
      code === BUILDING_PERMIT.code && version === 2
        ? { code, version, definition: BUILDING_PERMIT }
        : null,
    );
  },
} as unknown as PermitTypeRepository;

describe('pinnedDefinition', () => {
  it('answers the definition of exactly the pinned version', async () => {
    await expect(pinnedDefinition(catalogue, db, BUILDING_PERMIT.code, 2)).resolves.toBe(
      BUILDING_PERMIT,
    );
    expect(asked).toContainEqual([BUILDING_PERMIT.code, 2]);
  });

  it('treats a missing pinned version as a fault (a submitted case always names one)', async () => {
    await expect(pinnedDefinition(catalogue, db, BUILDING_PERMIT.code, 9)).rejects.toThrow(
      `permit type ${BUILDING_PERMIT.code} has no version 9`,
    );
  });

  it('gives the workflow the rules of that version', () => {
    expect(caseRulesOf(BUILDING_PERMIT)).toMatchObject({
      reviewDays: BUILDING_PERMIT.reviewDays,
      inspectionRequired: BUILDING_PERMIT.inspection.required,
      maxReinspections: BUILDING_PERMIT.inspection.maxReinspections,
      validityMonths: BUILDING_PERMIT.validity.months,
    });
  });
});
