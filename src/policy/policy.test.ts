/**
 * Meta-tests: the policy data is complete and the engine takes every number from it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { calculate } from '../rules/engine.ts';
import { MESSAGES } from '../rules/explain/messages.ts';
import { RULE_IDS } from '../rules/explain/types.ts';
import { lookup } from '../rules/params/lookup.ts';
import { compound, engagement, scenario, tier1Facts } from '../rules/scenario/fixtures.ts';
import { buildPolicy, loadPolicy, ParameterError, publishedParameters, withOverrides } from './load.ts';

const policy = loadPolicy();
const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('policy data', () => {
  test('every parameter has a known clause, a unit, labels in both languages and dated values', () => {
    for (const p of policy.parameters.values()) {
      assert.ok(policy.clauses.has(p.clause), `${p.id}: unknown clause ${p.clause}`);
      assert.ok(p.unit && p.label.zh && p.label.en, `${p.id}: unit and labels`);
      assert.ok(p.values.length > 0 && p.values.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v.from)), `${p.id}: dated values`);
      if (p.decision)
        assert.ok(
          policy.decisions.some((d) => d.id === p.decision),
          `${p.id}: unknown ${p.decision}`,
        );
    }
  });
  test('every decision D-1 … D-21 is recorded and points at parameters or rules that exist', () => {
    const ids = policy.decisions.map((d) => d.id);
    assert.deepEqual(
      ids,
      Array.from({ length: 21 }, (_, i) => `D-${i + 1}`),
    );
    for (const d of policy.decisions) {
      assert.ok(d.zh && d.en, `${d.id}: text`);
      assert.ok(d.params.length + d.rules.length > 0, `${d.id}: implemented by nothing`);
      for (const p of d.params) assert.ok(policy.parameters.has(p), `${d.id}: unknown parameter ${p}`);
      for (const r of d.rules) assert.ok((RULE_IDS as readonly string[]).includes(r), `${d.id}: unknown rule ${r}`);
    }
  });
  test('every clause has a summary in both languages; every message cites a known clause', () => {
    for (const c of policy.clauses.values()) assert.ok(c.ref && c.zh && c.en, c.id);
    for (const [code, m] of Object.entries(MESSAGES)) assert.ok(policy.clauses.has(m.clause), `${code}: clause ${m.clause}`);
  });
  test('every parameter is read by the engine, except those later steps use', () => {
    const laterSteps = new Set([
      'notice.days',
      'survey.satisfiedLevels',
      'goal.coverage.target',
      'goal.coverage.by',
      'goal.satisfaction.target',
      'goal.satisfaction.year',
    ]);
    const code = sources(join(root, 'src/rules'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const id of policy.parameters.keys()) if (!laterSteps.has(id)) assert.ok(code.includes(`'${id}'`), `${id} is never read`);
  });
  test('no policy number is written into rule code', () => {
    const literals = /(?<![\w.])(0\.40|0\.4|0\.20|0\.2|0\.60|0\.6|60|100|2000|3000|20000|1000000|20\d\d-\d\d-\d\d)(?![\w.])/;
    for (const file of sources(join(root, 'src/rules/programmes'))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$|^\s*\*.*$|^\s*\/\*\*.*$/, '');
          assert.doesNotMatch(code, literals, `${file}:${i + 1}: ${line.trim()}`);
        });
    }
  });
});

describe('dated parameters', () => {
  test('a new value from a date is a data edit: periods after it use it, periods before keep the old one', () => {
    const defs = publishedParameters();
    const rate = defs.find((d) => d.id === 'T.rate.tier1');
    assert.ok(rate);
    rate.values = [
      { from: '2024-01-01', to: '2024-12-31', value: '0.40' },
      { from: '2025-01-01', to: null, value: '0.50' },
    ];
    const dated = buildPolicy(defs);
    assert.equal(lookup(dated, 'T.rate.tier1', '2024-12-31').value, '0.40');
    assert.equal(lookup(dated, 'T.rate.tier1', '2025-01-01').value, '0.50');
    assert.equal(lookup(dated, 'T.rate.tier1', '2023-05-01').value, '0.40'); // before the first: the first
    const s = scenario({ compounds: [compound()], engagements: [engagement({ periods: [tier1Facts('2024H2'), tier1Facts('2025H1')] })] });
    const amounts = calculate(s, dated).lines.flatMap((l) => (l.program === 'T' && l.tier === 1 ? [[l.period, l.amount]] : []));
    assert.deepEqual(amounts, [
      ['2024H2', 2400000n],
      ['2025H1', 3000000n],
    ]);
  });
  test('the content hash names the parameters used', () => {
    assert.match(policy.paramsHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(buildPolicy(publishedParameters()).paramsHash, policy.paramsHash);
    assert.notEqual(withOverrides([{ id: 'F.share', text: '0.30' }]).paramsHash, policy.paramsHash);
    assert.equal(withOverrides([{ id: 'F.share', text: '0.30' }]).paramsHash, withOverrides([{ id: 'F.share', text: '0.30' }]).paramsHash);
  });
  test('overrides are typed', () => {
    const says = (zh: RegExp, en: RegExp) => (e: unknown) =>
      e instanceof ParameterError && zh.test(e.messageIn('zh')) && en.test(e.messageIn('en'));
    assert.throws(() => withOverrides([{ id: 'W.waitMonths', text: 'six' }]), says(/不小于 0 的整数/, /whole number/));
    assert.throws(() => withOverrides([{ id: 'T.entryFrom', text: '2024-02-30' }]), says(/日期/, /date/));
    assert.throws(() => withOverrides([{ id: 'F.share', text: '-0.1' }]), says(/十进制数/, /decimal/));
    assert.deepEqual(lookup(withOverrides([{ id: 'F.categories', text: 'health, basic' }]), 'F.categories', '2025-01-01').value, [
      'health',
      'basic',
    ]);
    assert.equal(lookup(withOverrides([{ id: 'W.applyUntil', text: '' }]), 'W.applyUntil', '2025-01-01').value, null);
  });
});
