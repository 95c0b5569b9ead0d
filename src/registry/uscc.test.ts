import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usccProblem, withCheckChar } from './uscc.ts';

test('published examples are valid', () => {
  for (const code of ['91350100M000100Y43', '91110000802100433B']) assert.equal(usccProblem(code), null, code);
});

test('a changed character breaks the check digit; wrong length and letters are named', () => {
  assert.equal(usccProblem('91350100M000100Y44'), 'checkDigit');
  assert.equal(usccProblem('91350100M000100Y4'), 'length');
  assert.equal(usccProblem('91350100M000100I43'), 'characters'); // I is not in the alphabet
  assert.equal(usccProblem('91350100m000100Y43'), 'characters');
});

test('withCheckChar makes valid codes', () => {
  assert.equal(usccProblem(withCheckChar('91152501MA0N00001')), null);
});
