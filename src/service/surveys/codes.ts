/**
 * One-time household codes of a satisfaction survey: 8 characters from 32 that cannot be misread
 * (no 0/O, 1/I), drawn by the operating system's random generator — 32⁸ ≈ 1.1 × 10¹² codes, so guessing
 * one through the rate-limited public routes is hopeless.
 *
 * Only a hash of each code is stored (`survey_code.code_hash`), and a slow one: with a fast hash a
 * copy of the database would give away every unused code in minutes (the whole space is only 2⁴⁰);
 * scrypt (N = 1024, r = 8: about 1 MiB and a few milliseconds a code) makes that a matter of years.
 * The salt is fixed, so a code can be found by its hash alone — the code says nothing of its survey.
 * The same hash is the answer's household id (`survey_response.household_code`): non-reversible, one
 * per code.
 */
import { randomInt, scrypt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

const SALT = 'jiangbu/survey_code/v1';
const COST = { N: 1024, r: 8, p: 1, maxmem: 8 * 1024 * 1024 } as const;

/** A fresh random code, e.g. "K7QM3XRA". */
export function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/**
 * A code as typed — any case, with spaces or dashes — in its canonical form, or null when it cannot be
 * a code (wrong length, a character outside the alphabet).
 */
export function normalizeCode(typed: string): string | null {
  const s = typed.replace(/[\s-]/g, '').toUpperCase();
  if (s.length !== CODE_LENGTH) return null;
  for (const c of s) if (!CODE_ALPHABET.includes(c)) return null;
  return s;
}

/** "K7QM3XRA" → "K7QM 3XRA": how a code is printed, to be typed without losing one's place. */
export const printedCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

/** The code's hash (64 hex digits), on the thread pool: the event loop does not wait for it. */
export function hashCode(code: string): Promise<string> {
  return new Promise((resolve, reject) => scrypt(code, SALT, 32, COST, (e, key) => (e ? reject(e) : resolve(key.toString('hex')))));
}
