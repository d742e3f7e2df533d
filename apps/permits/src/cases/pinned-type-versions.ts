import type { EntityManager } from 'typeorm';
import type { CaseRules } from '#contracts';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';
import type { PermitTypeRepository } from '../permit-types/permit-type.repository.js';

/**
 * The definition of the type version a case is pinned to, through the catalogue's repository
 * (versions are only ever inserted, so a pinned one never changes). A submitted case always
 * names a version that exists: its absence is a fault, not a refusal.
 */
export async function pinnedDefinition(
  types: PermitTypeRepository,
  db: EntityManager,
  code: string,
  version: number,
): Promise<PermitTypeDefinition> {
  const found = await types.findVersion(db, code, version);
  if (!found) throw new Error(`permit type ${code} has no version ${version}`);
  return found.definition;
}

/** What the workflow needs of a type version. */
export const caseRulesOf = (def: PermitTypeDefinition): CaseRules => ({
  completenessCheckDays: def.completenessCheckDays,
  paymentDays: def.paymentDays,
  reviewDays: def.reviewDays,
  remedy: def.remedy,
  inspectionRequired: def.inspection.required,
  maxReinspections: def.inspection.maxReinspections,
  validityMonths: def.validity.months,
});
