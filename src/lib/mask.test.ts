import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskAccount, maskIdNumber, maskName, maskPhone } from './mask.ts';

test('masks keep only what identifies nobody', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskIdNumber('150102199001011234'), '150102********1234');
  assert.equal(maskAccount('6222 0212 3456 7890'), '************7890');
  assert.equal(maskAccount('123'), '***');
});
