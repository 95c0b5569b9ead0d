/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-symbol
 * alphabet (no I, O, Z, S, V); the last is a check character over the first 17 (weights 3^i mod 31).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] as number);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] as string;
}

export type UsccProblem = 'length' | 'characters' | 'checkDigit';

/** Why a code is not a valid USCC, or null when it is. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  if (![...code].every((c) => ALPHABET.includes(c))) return 'characters';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'checkDigit';
}

/** A valid code from 17 characters (for demo and synthetic data). */
export const withCheckChar = (first17: string): string => first17 + (usccCheckChar(first17) ?? '');
