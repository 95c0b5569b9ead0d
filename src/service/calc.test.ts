/** The calculation service speaks of its inputs by their own names, not by any adapter's flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBatch } from '../rules/scenario/generate.ts';
import { runCalc } from './calc.ts';

test('an unknown what-if parameter is a problem at `set`', () => {
  const out = runCalc(generateBatch(1), { overrides: [{ id: 'T.nothing', text: '1' }] });
  assert.ok(!out.ok);
  assert.deepEqual(out.problems, [
    {
      path: 'set',
      code: 'set.invalid',
      args: { zh: 'T.nothing：没有这个参数（见 jiangbu params）', en: 'T.nothing: unknown parameter (see `jiangbu params`)' },
    },
  ]);
});
