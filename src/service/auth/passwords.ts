/**
 * Passwords: argon2id hashes (the library's defaults: 19 MiB, 2 passes), the strength rule, one-time
 * passwords that meet it, and no reuse of the last few.
 */
import { randomBytes, randomInt } from 'node:crypto';
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

let dummy: Promise<string> | undefined;

/**
 * Checks `password` against a hash made here with the same parameters as every stored one, and
 * answers false: a login for an unknown user costs what a wrong password costs, so timing does not
 * tell which usernames exist.
 */
export async function spendLikeAVerify(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(18).toString('base64'));
  await passwordMatches(await dummy, password);
  return false;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Which rule a password breaks, and the refusal naming it. */
const weak = (rule: 'length' | 'classes' | 'username', zh: string, en: string) => userError('password.weak', zh, en, { details: { rule } });

/**
 * Refuses (400 `password.weak`, `rule` naming the rule broken) a password shorter than the minimum,
 * from too few character classes, or containing the username.
 */
export function checkStrength(password: string, s: AuthSettings, username?: string): void {
  const length = [...password].length;
  if (length < s.minLength)
    throw weak(
      'length',
      `密码太短：至少 ${s.minLength} 个字符（现为 ${length} 个）`,
      `the password is too short: at least ${s.minLength} characters (it has ${length})`,
    );
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if (classes < s.minClasses)
    throw weak(
      'classes',
      `密码须包含小写字母、大写字母、数字、其他符号四类中的至少 ${s.minClasses} 类（现为 ${classes} 类）`,
      `the password needs characters of at least ${s.minClasses} of the four kinds: lower case, upper case, digits, other symbols (it has ${classes})`,
    );
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    throw weak('username', '密码不能包含用户名', 'the password must not contain the username');
}

const ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%^*-_=+?'];

function randomPassword(length: number): string {
  const all = ALPHABETS.join('');
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/**
 * A random one-time password from all four classes (no look-alike characters), at least 16 long and
 * as long as the rule asks; drawn again in the rare case it contains the username.
 */
export function oneTimePassword(s: AuthSettings, username?: string): string {
  for (;;) {
    const p = randomPassword(Math.max(16, s.minLength));
    if (!username || !p.toLowerCase().includes(username.toLowerCase())) return p;
  }
}

/** Refuses (400 `password.reused`) a password among `recent` (hashes). */
export async function checkNotReused(password: string, recent: string[], s: AuthSettings): Promise<void> {
  for (const h of recent)
    if (await passwordMatches(h, password))
      throw userError(
        'password.reused',
        `不能使用最近 ${s.historySize} 次用过的密码（含当前密码）`,
        `the password may not be one of the last ${s.historySize} used (the current one included)`,
        { details: { rule: 'history' } },
      );
}
