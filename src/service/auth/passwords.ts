/**
 * Passwords: argon2id hashes (the library's defaults: 19 MiB, 2 passes), the strength rule, one-time
 * passwords that meet it, and no reuse of the last few.
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { userError } from '../../lib/errors.ts';
import type { AuthSettings } from './settings.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Refuses (400 `password.weak`) a password shorter than the minimum or from too few character classes. */
export function checkStrength(password: string, s: AuthSettings, username?: string): void {
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if ([...password].length < s.minLength || classes < s.minClasses)
    throw userError(
      'password.weak',
      `密码至少 ${s.minLength} 位，且须包含大写字母、小写字母、数字、其他符号中的至少 ${s.minClasses} 类`,
      `a password needs at least ${s.minLength} characters from at least ${s.minClasses} of: lower case, upper case, digits, other symbols`,
    );
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    throw userError('password.weak', '密码不能包含用户名', 'a password must not contain the username');
}

const ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%^*-_=+?'];

/** A random one-time password of 16 characters from all four classes (no look-alike characters). */
export function oneTimePassword(): string {
  const all = ALPHABETS.join('');
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)] as string);
  while (chars.length < 16) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** Refuses (400 `password.reused`) a password among `recent` (hashes). */
export async function checkNotReused(password: string, recent: string[], s: AuthSettings): Promise<void> {
  for (const h of recent)
    if (await passwordMatches(h, password))
      throw userError(
        'password.reused',
        `不能使用最近 ${s.historySize} 次用过的密码`,
        `a password may not be one of the last ${s.historySize} used`,
      );
}
