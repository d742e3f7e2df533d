/** DI token of the payments service's validated configuration. */
export const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');
