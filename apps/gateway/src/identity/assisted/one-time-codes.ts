import { createHash, randomInt } from 'node:crypto';

/** Letters and digits that do not look alike when printed or read aloud (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A one-time code of `groups` groups of four characters (`K7QM-4XPD-9RTW`): a claim code
 * (three groups, about 59 bits) or an assist code (two groups, about 40 bits).
 */
export function newCode(groups: number): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g += 1) {
    let part = '';
    for (let i = 0; i < 4; i += 1) part += ALPHABET[randomInt(ALPHABET.length)];
    parts.push(part);
  }
  return parts.join('-');
}

/** A code as typed: any case, with or without hyphens and spaces. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/** What a code entry must look like (before looking anything up). */
export const CODE_PATTERN = /^[A-Za-z0-9]{4}([\s-]?[A-Za-z0-9]{4}){1,2}$/;

/**
 * How an assist code is stored and found: its SHA-256. The clerk enters the code alone, so it
 * is looked up by its hash; it lives minutes, works once, and a clerk's entries are limited per
 * minute, so a fast hash is enough (a claim code, which lives days, is argon2id-hashed and found
 * by its account's email instead).
 */
export const assistCodeHash = (code: string): Buffer =>
  createHash('sha256')
    .update(`civic assist code\n${normaliseCode(code)}`)
    .digest();
