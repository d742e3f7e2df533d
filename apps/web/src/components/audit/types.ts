import type { components } from '../../api/schema';

/** The audit API's answers, as the generated schema types them. */
export type AuditEntry = components['schemas']['AuditEntry'];
export type CaseState = components['schemas']['CaseState'];
