/** DI token of the audit service's validated configuration. */
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
