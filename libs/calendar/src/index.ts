/**
 * The business calendar shared by permits and complaints: working days in the city's time
 * zone, weekends and public holidays as data, due instants of legal clocks. Pure and
 * deterministic (no I/O, no clock, no other lib); semantics in business-calendar.ts and
 * docs/permits.md ("Business calendar").
 */
export * from './business-calendar.js';
