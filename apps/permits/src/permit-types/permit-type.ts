/**
 * A permit type as data: what one version of a type says, stored as JSON per version
 * (`permit_type_versions.definition`). Applications stay pinned to the version they were
 * submitted under; every admin change is a new version. Pure: no I/O, no Nest.
 */

/** How the city answers when the review clock runs out. */
export const REVIEW_REMEDIES = [
  'escalate',
  'deemed_approved',
  'deemed_refused',
  'fee_refund',
] as const;
export type ReviewRemedy = (typeof REVIEW_REMEDIES)[number];

/** Text in several languages: `{ en: 'Building permit', de: 'Baugenehmigung' }` (`en` required). */
export type Translated = Record<string, string>;

export interface DocumentKindDefinition {
  /** Stable key, e.g. `site_plan`. */
  kind: string;
  names: Translated;
  /** Submission refuses an application without at least one document of a required kind. */
  required: boolean;
  /** Allowed content types, checked against the file's content (not its name). */
  contentTypes: string[];
  /** Largest file accepted, in bytes. */
  maxBytes: number;
}

export interface QuantityDefinition {
  /** Stable key, e.g. `floor_area_m2`. */
  code: string;
  names: Translated;
  /** Unit shown beside the value, e.g. `m2`. */
  unit: string;
  /** Submission refuses an application that does not declare it. */
  required: boolean;
  /** Declared values are integers from 0 to this. */
  max: number;
}

export interface FeeComponent {
  amountMinor: number;
  revenueCode: string;
  descriptionKey: string;
}

export interface FeeRule {
  currency: string;
  base: FeeComponent;
  /** An amount per unit of a declared quantity (e.g. per m² of floor area). */
  perUnit: (FeeComponent & { quantity: string })[];
}

export interface ApprovalRule {
  /**
   * A second, different approver with this role is needed when the quantity is above the
   * threshold (e.g. a supervisor above 500 m² of floor area). Absent: one approval suffices.
   */
  secondApprover?: { role: 'supervisor'; quantity: string; above: number };
}

export interface PermitTypeDefinition {
  /** Stable code, e.g. `building`. */
  code: string;
  /** Prefix of case numbers (`BP` → `BP-2026-000123`) and permit numbers. */
  prefix: string;
  names: Translated;
  descriptions: Translated;
  documentKinds: DocumentKindDefinition[];
  /** JSON Schema (2020-12) of the type's own form fields (`details`). */
  formSchema: Record<string, unknown>;
  quantities: QuantityDefinition[];
  fee: FeeRule;
  /** Working days the fee may stay unpaid before the application lapses. */
  paymentDays: number;
  /** Working days a clerk has to find the application incomplete; silence counts as complete. */
  completenessCheckDays: number;
  /** Working days of the review clock. */
  reviewDays: number;
  /** Working days of the review clock for a renewal (shorter). */
  renewalReviewDays: number;
  remedy: ReviewRemedy;
  inspection: { required: boolean; maxReinspections: number };
  approval: ApprovalRule;
  /** How long an issued permit is valid. */
  validity: { months: number };
  /**
   * Public verification may show the holder's display name (a trade licence's business name):
   * the `details` field that holds it. Absent: no holder name is ever shown.
   */
  publicHolderField?: string;
}

/** Declared quantities of an application: `{ floor_area_m2: 620 }`, integers. */
export type Quantities = Record<string, number>;

export interface FeeLine {
  revenueCode: string;
  descriptionKey: string;
  amountMinor: number;
}

export interface FeeAssessment {
  currency: string;
  lines: FeeLine[];
  totalMinor: number;
}

/**
 * The fee an application owes under a type version: the base line, and one line per unit rate
 * whose quantity is declared and above zero. Integer minor units only; a total that would leave
 * safe integers throws.
 */
export function assessFee(def: PermitTypeDefinition, quantities: Quantities): FeeAssessment {
  const lines: FeeLine[] = [];
  if (def.fee.base.amountMinor > 0)
    lines.push({
      revenueCode: def.fee.base.revenueCode,
      descriptionKey: def.fee.base.descriptionKey,
      amountMinor: def.fee.base.amountMinor,
    });
  for (const rate of def.fee.perUnit) {
    const units = quantities[rate.quantity] ?? 0;
    if (units <= 0) continue;
    const amountMinor = rate.amountMinor * units;
    if (!Number.isSafeInteger(amountMinor))
      throw new RangeError(`fee line ${rate.descriptionKey} leaves safe integers`);
    lines.push({ revenueCode: rate.revenueCode, descriptionKey: rate.descriptionKey, amountMinor });
  }
  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  if (!Number.isSafeInteger(totalMinor)) throw new RangeError('fee total leaves safe integers');
  return { currency: def.fee.currency, lines, totalMinor };
}

/** Whether the approval rule asks a second, different approver for these quantities. */
export function secondApprovalRequired(def: PermitTypeDefinition, quantities: Quantities): boolean {
  const rule = def.approval.secondApprover;
  if (!rule) return false;
  return (quantities[rule.quantity] ?? 0) > rule.above;
}
