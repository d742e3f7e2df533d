import type { ApplicationStatus, CaseStep } from '#contracts';
import type { PermitTypeDefinition, Quantities } from '../permit-types/permit-type.js';

/**
 * An application as the service holds it, and the pure rules of its own steps (drafting,
 * changing, submitting): no I/O here. Transitions the workflow drives are in `transitions.ts`.
 */
export interface Application {
  id: string;
  caseNumber: string | null;
  applicantId: string;
  /** `assisted`: filed at the counter by a clerk (`filedBy`) on the applicant's behalf. */
  channel: 'online' | 'assisted';
  filedBy: string | null;
  permitType: string;
  typeVersion: number;
  status: ApplicationStatus;
  step: CaseStep;
  title: string;
  site: { address: string; lat: number | null; lon: number | null };
  details: Record<string, unknown>;
  quantities: Quantities;
  assigneeId: string | null;
  escalated: boolean;
  secondApprovalRequired: boolean;
  approverIds: string[];
  feeMinor: number | null;
  currency: string | null;
  invoiceId: string | null;
  completenessDueAt: Date | null;
  paymentDueAt: Date | null;
  reviewDueAt: Date | null;
  workingDaysLeft: number | null;
  clock: 'not_started' | 'running' | 'stopped' | 'done';
  lastSeq: number;
  submittedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** A renewal: the number of the permit it renews (absent or null otherwise). */
  renewalOf?: string | null;
}

/** What the drafted and submitted events say of the channel (nothing for an online one). */
export const channelFacts = (
  a: Pick<Application, 'channel' | 'filedBy'>,
  delegationId: string | undefined,
): { channel?: 'assisted'; filedBy?: string; delegationId?: string } =>
  a.channel === 'assisted' && a.filedBy
    ? { channel: 'assisted', filedBy: a.filedBy, ...(delegationId ? { delegationId } : {}) }
    : {};

/** The statuses in which the applicant may change the application and add documents. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'changes_requested'];

export const isEditable = (status: ApplicationStatus): boolean =>
  EDITABLE_STATUSES.includes(status);

/** A stored document as submission checks it (the latest version per kind counts). */
export interface DocumentFacts {
  kind: string;
  status: 'pending' | 'stored' | 'rejected';
}

/** One field at fault in an application's form. */
export interface InvalidField {
  field: string;
  code: string;
  message: string;
}

/** The problems of a `details` object under a type's form schema (none: valid). */
export type DetailsValidator = (details: unknown) => InvalidField[];

export interface Completeness {
  missingDocuments: string[];
  invalidFields: InvalidField[];
}

/**
 * Everything that keeps an application from being submitted, all at once: each required
 * document kind without a stored document, each field the form schema refuses, each required
 * quantity not declared, each declared quantity the type does not know or above its maximum.
 */
export function checkCompleteness(
  definition: PermitTypeDefinition,
  application: Pick<Application, 'details' | 'quantities'>,
  documents: readonly DocumentFacts[],
  validateDetails: DetailsValidator,
): Completeness {
  const stored = new Set(documents.filter((d) => d.status === 'stored').map((d) => d.kind));
  const missingDocuments = definition.documentKinds
    .filter((k) => k.required && !stored.has(k.kind))
    .map((k) => k.kind);
  const invalidFields: InvalidField[] = [...validateDetails(application.details)];
  const declared = definition.quantities;
  for (const quantity of declared) {
    const value = application.quantities[quantity.code];
    if (value === undefined) {
      if (quantity.required)
        invalidFields.push({
          field: `quantities.${quantity.code}`,
          code: 'REQUIRED',
          message: `quantities.${quantity.code} is required`,
        });
    } else if (value > quantity.max)
      invalidFields.push({
        field: `quantities.${quantity.code}`,
        code: 'MAX',
        message: `quantities.${quantity.code} must be at most ${quantity.max}`,
      });
  }
  for (const code of Object.keys(application.quantities))
    if (!declared.some((q) => q.code === code))
      invalidFields.push({
        field: `quantities.${code}`,
        code: 'UNKNOWN',
        message: `quantities.${code} is not a quantity of this permit type`,
      });
  return { missingDocuments, invalidFields };
}

export const isComplete = (c: Completeness): boolean =>
  c.missingDocuments.length === 0 && c.invalidFields.length === 0;

/** `<prefix>-<year>-<6 digits>` (more digits past 999999): `BP-2026-000123`. */
export const formatCaseNumber = (prefix: string, year: number, n: number): string =>
  `${prefix}-${year}-${String(n).padStart(6, '0')}`;

/** Where the documents of an application live in file storage: `<prefix>/<sha256>` below it. */
export const documentPrefix = (applicationId: string, documentId: string): string =>
  `permits/applications/${applicationId}/documents/${documentId}`;

/** Whether `key` is the file of that document (`<prefix>/<64 hex>`). */
export const isDocumentKey = (key: string, applicationId: string, documentId: string): boolean =>
  key.startsWith(`${documentPrefix(applicationId, documentId)}/`) &&
  /^[a-f0-9]{64}$/.test(key.slice(documentPrefix(applicationId, documentId).length + 1));
