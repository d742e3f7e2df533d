import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseRules } from '#contracts';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';

/**
 * The type version a case is pinned to, read from the catalogue's `permit_type_versions`
 * (versions are only ever inserted, so a pinned one never changes).
 */
@Injectable()
export class PinnedTypeVersions {
  async definition(
    db: EntityManager,
    code: string,
    version: number,
  ): Promise<PermitTypeDefinition> {
    const rows = await db.query<{ definition: PermitTypeDefinition | string }[]>(
      'SELECT definition FROM permit_type_versions WHERE code = $1 AND version = $2',
      [code, version],
    );
    const found = rows[0];
    if (!found) throw new Error(`permit type ${code} has no version ${version}`);
    return typeof found.definition === 'string'
      ? (JSON.parse(found.definition) as PermitTypeDefinition)
      : found.definition;
  }
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
