/** The password rules, one-time passwords and hashes: no database. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { UserError } from '../../lib/errors.ts';
import { checkNotReused, checkStrength, hashPassword, oneTimePassword, passwordMatches, spendLikeAVerify } from './passwords.ts';
import { DEFAULT_AUTH } from './settings.ts';

const refusal = (fn: () => void): { code: string; rule: unknown; zh: string; en: string } => {
  try {
    fn();
  } catch (e) {
    const u = e as UserError;
    return { code: u.code, rule: u.details?.rule, zh: u.messageIn('zh'), en: u.messageIn('en') };
  }
  throw new Error('not refused');
};

describe('account settings', () => {
  test('the defaults are the contract: 12 characters of 3 kinds, last 5, 90 days, 5 failures lock 30 minutes, 30 min idle, 12 h', () => {
    assert.deepEqual(
      { ...DEFAULT_AUTH },
      {
        minLength: 12,
        minClasses: 3,
        historySize: 5,
        maxAgeDays: 90,
        maxFailures: 5,
        lockMinutes: 30,
        idleMinutes: 30,
        absoluteHours: 12,
        loginPerMinute: 10,
        cookie: 'jb_session',
      },
    );
  });
});

describe('the strength rule', () => {
  test('12 characters of 3 of the 4 kinds pass; characters, not bytes, are counted', () => {
    for (const ok of ['abcdefghij1A', 'abcdefghij1-', 'ABCDEFGHIJ1-', 'abcdefghiJK-', '密码密码密码密码密码a1'])
      assert.doesNotThrow(() => checkStrength(ok, DEFAULT_AUTH), ok);
  });

  test('each refusal names its rule in both languages', () => {
    assert.deepEqual(
      refusal(() => checkStrength('abcdefghi1A', DEFAULT_AUTH)),
      {
        code: 'password.weak',
        rule: 'length',
        zh: '密码太短：至少 12 个字符（现为 11 个）',
        en: 'the password is too short: at least 12 characters (it has 11)',
      },
    );
    assert.deepEqual(
      refusal(() => checkStrength('abcdefghijk1', DEFAULT_AUTH)),
      {
        code: 'password.weak',
        rule: 'classes',
        zh: '密码须包含小写字母、大写字母、数字、其他符号四类中的至少 3 类（现为 2 类）',
        en: 'the password needs characters of at least 3 of the four kinds: lower case, upper case, digits, other symbols (it has 2)',
      },
    );
    assert.deepEqual(
      refusal(() => checkStrength('Hello-ZHANGwei-1', DEFAULT_AUTH, 'zhangWEI')),
      {
        code: 'password.weak',
        rule: 'username',
        zh: '密码不能包含用户名',
        en: 'the password must not contain the username',
      },
    );
  });

  test('the settings decide: a longer minimum, all four kinds', () => {
    const strict = { ...DEFAULT_AUTH, minLength: 16, minClasses: 4 };
    assert.equal(refusal(() => checkStrength('Abcdefghijk-123', strict)).rule, 'length');
    assert.equal(refusal(() => checkStrength('Abcdefghijkl-mno', strict)).rule, 'classes');
    assert.doesNotThrow(() => checkStrength('Abcdefghijk-1234', strict));
  });
});

describe('one-time passwords', () => {
  test('16 characters of all four kinds without look-alikes, different every time, passing the rule', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword(DEFAULT_AUTH);
      assert.equal(p.length, 16);
      assert.match(p, /[a-z]/);
      assert.match(p, /[A-Z]/);
      assert.match(p, /[0-9]/);
      assert.match(p, /[^a-zA-Z0-9]/);
      assert.doesNotMatch(p, /[0O1lI]/);
      checkStrength(p, DEFAULT_AUTH);
      seen.add(p);
    }
    assert.equal(seen.size, 200);
  });

  test('as long as a longer minimum asks, and never containing the username', () => {
    assert.equal(oneTimePassword({ ...DEFAULT_AUTH, minLength: 24 }).length, 24);
    // a one-letter "username" is in most random strings: each draw that holds it is drawn again
    for (let i = 0; i < 50; i++) assert.doesNotMatch(oneTimePassword(DEFAULT_AUTH, 'a'), /a/i);
  });
});

describe('hashes', () => {
  test('argon2id; a match, a mismatch, and a damaged hash that matches nothing', async () => {
    const h = await hashPassword('Correct-Horse-42');
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(await hashPassword('Correct-Horse-42'), h, 'salted');
    assert.equal(await passwordMatches(h, 'Correct-Horse-42'), true);
    assert.equal(await passwordMatches(h, 'Correct-Horse-43'), false);
    assert.equal(await passwordMatches('not a hash', 'Correct-Horse-42'), false);
    assert.equal(await spendLikeAVerify('Correct-Horse-42'), false);
  });

  test('a password among the recent hashes is refused, naming how many are kept', async () => {
    const recent = [await hashPassword('First-Pass-0001'), await hashPassword('Second-Pass-002')];
    await assert.doesNotReject(checkNotReused('Third-Pass-0003', recent, DEFAULT_AUTH));
    await assert.rejects(
      checkNotReused('Second-Pass-002', recent, DEFAULT_AUTH),
      (e) => (e as UserError).code === 'password.reused' && /last 5/.test((e as UserError).messageIn('en')),
    );
  });
});
