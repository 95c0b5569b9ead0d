/** The worked examples of the calculation contract: every field of every expected line, to the fen. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { calc } from './testing.ts';

const dir = fileURLToPath(new URL('../../policy/erenhot-2025/examples/', import.meta.url));
const examples = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));

test('the worked examples are all here', () => {
  assert.ok(examples.length >= 4);
});

for (const file of examples) {
  test(`example ${file}`, () => {
    const scenario = JSON.parse(readFileSync(dir + file, 'utf8'));
    const expected = JSON.parse(readFileSync(dir + file.replace(/\.json$/, '.expected.json'), 'utf8'));
    const result = calc(scenario);
    assert.equal(result.lines.length, expected.lines.length, 'number of lines');
    expected.lines.forEach((want: Record<string, unknown>, i: number) => {
      const got = result.lines[i] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `line ${i} (${want.subject} ${want.period ?? ''}) field ${k}`);
      assert.ok((got.reasons as unknown[]).length > 0, `line ${i} has a reason`);
    });
    assert.deepEqual(result.totals, expected.totals);
  });
}
