/** DI token of the permits service's validated configuration. */
export const PERMITS_CONFIG = Symbol('PERMITS_CONFIG');
