import type { PermitTypeView } from '#contracts';
import type { PublishedPermitType } from './permit-type.repository.js';

/** A published version as the catalogue answers it. */
export const permitTypeView = (p: PublishedPermitType): PermitTypeView => ({
  code: p.code,
  version: p.version,
  currentVersion: p.currentVersion,
  publishedAt: p.publishedAt.toISOString(),
  definition: p.definition,
});
