/** The columns hold a scenario's T inputs exactly, whether filled from a scenario or row by row from a join. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadPolicy } from '../../policy/load.ts';
import { mustParseDay } from '../dates/date.ts';
import { scenarioArbitrary } from '../scenario/arbitrary.ts';
import type { CompoundInput, Scenario } from '../scenario/schema.ts';
import { validateScenario } from '../scenario/validate.ts';
import { columnsFromScenario, type TakeoverColumns, TakeoverColumnsBuilder, type TakeoverRow } from './columns.ts';
import { engagementScenario } from './explain.ts';
import { settleT } from './settle.ts';

const policy = loadPolicy();

function valid(s: Scenario): Scenario {
  const v = validateScenario(s);
  if (!v.ok) assert.fail(JSON.stringify(v.problems.slice(0, 3)));
  return v.scenario;
}

/** The rows `engagements LEFT JOIN period_facts ORDER BY engagement` would give. */
function joinRows(s: Scenario): TakeoverRow[] {
  const compounds = new Map<string, CompoundInput>(s.compounds.map((c) => [c.id, c]));
  const rows: TakeoverRow[] = [];
  for (const e of s.engagements ?? []) {
    const c = compounds.get(e.compoundId) as CompoundInput;
    const head = {
      engagementId: e.id,
      compoundId: c.id,
      companyId: e.companyId,
      kind: c.kind,
      area: c.area,
      onRoster2023: c.onRoster2023,
      entryDate: e.entryDate,
      contractSigned: e.contractSigned ?? null,
      commitmentSigned: e.commitmentSigned ?? null,
      endDate: e.endDate ?? null,
      rectifications: e.rectifications ?? null,
    };
    const periods = e.periods ?? [];
    if (periods.length === 0) rows.push({ ...head, period: null });
    for (const f of periods) rows.push({ ...head, ...f });
  }
  return rows;
}

const withoutRaw = (c: TakeoverColumns) => ({ ...c, raw: [...c.raw] });

test('a scenario comes back from its columns engagement by engagement (decimals as written)', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (raw) => {
      const s = valid(raw);
      const columns = columnsFromScenario(s);
      const compounds = new Map(s.compounds.map((c) => [c.id, c]));
      (s.engagements ?? []).forEach((e, i) => {
        const back = engagementScenario(columns, i, mustParseDay(s.asOf));
        const c = compounds.get(e.compoundId) as CompoundInput;
        assert.deepEqual(back.engagements?.[0], {
          ...e,
          contractSigned: e.contractSigned ?? null,
          commitmentSigned: e.commitmentSigned ?? null,
          endDate: e.endDate ?? null,
          periods: (e.periods ?? []).map((f) => ({ ...f, marketPrice: f.marketPrice ?? null, assessmentScore: f.assessmentScore ?? null })),
          rectifications: e.rectifications ?? [],
        });
        const bc = back.compounds[0] as CompoundInput;
        assert.deepEqual([bc.id, bc.kind, bc.area, bc.onRoster2023], [c.id, c.kind, c.area, c.onRoster2023]);
        assert.ok(validateScenario(back).ok);
      });
    }),
    { numRuns: 200, seed: 7 },
  );
});

test('row by row from a join (push) gives the same columns and lines as from the scenario', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (raw) => {
      const s = valid(raw);
      const b = new TakeoverColumnsBuilder(1, s.asOf); // from one engagement's room up: the columns grow
      for (const row of joinRows(s)) b.push(row);
      const pushed = b.build();
      const direct = columnsFromScenario(s);
      assert.deepEqual(withoutRaw(pushed), withoutRaw(direct));
      assert.deepEqual(settleT(pushed, policy), settleT(direct, policy));
    }),
    { numRuns: 200, seed: 8 },
  );
});

test('dates may come as day numbers; values the columns cannot hold are kept as given', () => {
  const b = new TakeoverColumnsBuilder(4);
  const row = {
    engagementId: 'E1',
    compoundId: 'X1',
    kind: 'compound' as const,
    area: '100.00',
    onRoster2023: true,
    entryDate: mustParseDay('2024-03-01'),
    contractSigned: '2024-03-01',
    commitmentSigned: '2024-03-01',
  };
  b.engagement(row);
  b.engagement({ ...row, engagementId: 'E2', area: '12345678901234567.5' });
  const c = b.build();
  assert.equal(c.entry[0], mustParseDay('2024-03-01'));
  assert.deepEqual([...c.fallback], [0, 1]);
  assert.equal(c.raw.get('area:1'), '12345678901234567.5');
  assert.equal(c.asOf, null);
  assert.throws(() => settleT(c, policy), /evaluation date/);
  assert.throws(() => b.engagement({ ...row, entryDate: '2024-02-30' }), RangeError);
});
