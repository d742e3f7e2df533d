/** Injection token of the complaints configuration (the validated ComplaintsConfig). */
export const COMPLAINTS_CONFIG = Symbol('COMPLAINTS_CONFIG');
