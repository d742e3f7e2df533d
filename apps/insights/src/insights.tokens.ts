/** Injection token of the insights configuration (the validated InsightsConfig). */
export const INSIGHTS_CONFIG = Symbol('INSIGHTS_CONFIG');
