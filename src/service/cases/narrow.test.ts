/** A subject's lines on its narrowed scenario are exactly those of the whole city's calculation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPolicy } from '../../policy/load.ts';
import { demoScenario } from '../../registry/demo.ts';
import { calculate } from '../../rules/engine.ts';
import { presentLine } from '../../rules/present.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import { narrowForSubject } from './narrow.ts';

test('every T, W and F line of the demo city is the same calculated on its subject’s part alone', () => {
  const policy = loadPolicy();
  const v = validateScenario(demoScenario());
  assert.ok(v.ok);
  const whole = calculate(v.scenario, policy, { explain: true });
  const key = (l: (typeof whole.lines)[number]) => `${l.program}/${l.subject}/${'period' in l ? l.period : ''}`;
  const expected = new Map(whole.lines.map((l) => [key(l), JSON.stringify(presentLine(l, 'en', true))]));
  const subjects = new Set(whole.lines.map((l) => `${l.program}/${l.subject}`));
  assert.ok(subjects.size > 100);
  let compared = 0;
  for (const ps of subjects) {
    const [program, subject] = ps.split('/') as ['T' | 'W' | 'F', string];
    const part = validateScenario(narrowForSubject(v.scenario, program, subject));
    assert.ok(part.ok, ps);
    for (const l of calculate(part.scenario, policy, { explain: true }).lines.filter(
      (x) => x.program === program && x.subject === subject,
    )) {
      assert.equal(JSON.stringify(presentLine(l, 'en', true)), expected.get(key(l)), key(l));
      compared++;
    }
  }
  assert.equal(compared, whole.lines.length);
});
