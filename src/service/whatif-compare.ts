/**
 * What-if on the registry (docs/domain.md "What-if"): the registry's scenario calculated under the parameters in
 * force and under the overrides, compared per programme, per community and line by line. Pure — it runs
 * where the calculation runs (a worker thread for the server). The changed lines are those of
 * `compareCalculations` (src/rules/simulate.ts): a line whose status, tier or amount differs, or that only
 * one side has.
 */
import type { Override } from '../policy/load.ts';
import { withOverrides } from '../policy/load.ts';
import { calculate, counts } from '../rules/engine.ts';
import { fen, formatMoney } from '../rules/exact/money.ts';
import { type RenderedReason, renderReason } from '../rules/explain/render.ts';
import type { Line } from '../rules/lines.ts';
import type { Lang } from '../rules/params/types.ts';
import type { Scenario } from '../rules/scenario/schema.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import { type ChangedLine, compareCalculations, type LineState, lineKey } from '../rules/simulate.ts';
import type { Outcome } from './calc.ts';
import type { Page } from './calc-scope.ts';

export const PROGRAMMES = ['T', 'W', 'F'] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** Totals of one programme (in a community, or the city): yuan as exact decimal strings. */
export interface Difference {
  programme: Programme;
  /** what counts under the parameters in force (T, W payable; F granted or capped) */
  baseline: string;
  /** the same under the overrides */
  whatIf: string;
  /** whatIf − baseline */
  difference: string;
  /** lines whose status, tier or amount changes */
  changedLines: number;
}

export interface CommunityDifference extends Difference {
  community: string;
}

/** One side of a changed line: its state and the engine's reasons for it, with their clauses. */
export type WhatIfSide = LineState & { reasons: RenderedReason[] };

export interface WhatIfLine {
  programme: Programme;
  subject: string;
  period?: string;
  compound: string;
  compoundName: string;
  community: string;
  /** null: the line exists only under the overrides */
  baseline: WhatIfSide | null;
  /** null: the line exists only under the parameters in force */
  whatIf: WhatIfSide | null;
}

export interface WhatIfResult {
  asOf: string;
  baseline: { paramsHash: string };
  whatIf: { paramsHash: string };
  /** the city, one row per programme */
  programmes: Difference[];
  /** one row per community and programme with a line on either side */
  communities: CommunityDifference[];
  /** a page of the changed lines, in the calculation's order */
  lines: WhatIfLine[];
  page: Page & { total: number };
  /** more changed lines than this page holds: ask for the next with `offset` */
  truncated: boolean;
}

/** The compound each line's subject is about: an engagement's, a committee's, an application's. */
function compoundOfSubject(s: Scenario): (program: Programme, subject: string) => string {
  const of = new Map<string, string>();
  for (const e of s.engagements ?? []) of.set(`T/${e.id}`, e.compoundId);
  for (const w of s.committees ?? []) of.set(`W/${w.id}`, w.compoundId);
  for (const a of s.facilityApplications ?? []) of.set(`F/${a.id}`, a.compoundId);
  return (program, subject) => of.get(`${program}/${subject}`) ?? '';
}

interface Sums {
  baseline: bigint;
  whatIf: bigint;
  changed: number;
}

const row = (s: Sums) => ({
  baseline: formatMoney(fen(s.baseline)),
  whatIf: formatMoney(fen(s.whatIf)),
  difference: formatMoney(fen(s.whatIf - s.baseline)),
  changedLines: s.changed,
});

/**
 * Both calculations of `scenario` and their comparison. The overrides must have been checked (unknown
 * ids and bad values throw here as ParameterError).
 */
export function compareWhatIf(scenario: unknown, overrides: Override[], page: Page, lang: Lang = 'zh'): Outcome<WhatIfResult> {
  const changedPolicy = withOverrides(overrides);
  const v = validateScenario(scenario);
  if (!v.ok) return v;
  const before = calculate(v.scenario, withOverrides([]));
  const after = calculate(v.scenario, changedPolicy);
  const comparison = compareCalculations(before, after);
  const compoundOf = compoundOfSubject(v.scenario);
  const compounds = new Map(v.scenario.compounds.map((c) => [c.id, c]));
  const placeOf = (program: Programme, subject: string) => {
    const compound = compoundOf(program, subject);
    const c = compounds.get(compound);
    return { compound, compoundName: c?.name ?? '', community: c?.communityId ?? '' };
  };

  const city = new Map<Programme, Sums>(PROGRAMMES.map((p) => [p, { baseline: 0n, whatIf: 0n, changed: 0 }]));
  const byCommunity = new Map<string, Sums & { community: string; programme: Programme }>();
  const sumsOf = (program: Programme, community: string) => {
    const k = `${community}\u0000${program}`;
    let s = byCommunity.get(k);
    if (!s) {
      s = { community, programme: program, baseline: 0n, whatIf: 0n, changed: 0 };
      byCommunity.set(k, s);
    }
    return s;
  };
  const add = (l: Line, side: 'baseline' | 'whatIf') => {
    const community = placeOf(l.program, l.subject).community;
    const amount = counts(l) ? l.amount : 0n;
    (city.get(l.program) as Sums)[side] += amount;
    sumsOf(l.program, community)[side] += amount;
  };
  for (const l of before.lines) add(l, 'baseline');
  for (const l of after.lines) add(l, 'whatIf');

  const lines = comparison.lines.map((c: ChangedLine) => {
    const place = placeOf(c.program, c.subject);
    (city.get(c.program) as Sums).changed++;
    sumsOf(c.program, place.community).changed++;
    return { c, place };
  });

  // only the page shown pays for rendering the reasons
  const beforeByKey = new Map(before.lines.map((l) => [lineKey(l), l]));
  const afterByKey = new Map(after.lines.map((l) => [lineKey(l), l]));
  const side = (state: LineState | null, l: Line | undefined): WhatIfSide | null =>
    state && l ? { ...state, reasons: l.reasons.map((r) => renderReason(r, lang)) } : null;
  const total = lines.length;
  const shown: WhatIfLine[] = lines.slice(page.offset, page.offset + page.limit).map(({ c, place }) => {
    const k = lineKey(c);
    return {
      programme: c.program,
      subject: c.subject,
      ...(c.period === undefined ? {} : { period: c.period }),
      ...place,
      baseline: side(c.before, beforeByKey.get(k)),
      whatIf: side(c.after, afterByKey.get(k)),
    };
  });
  return {
    ok: true,
    value: {
      asOf: v.scenario.asOf,
      baseline: { paramsHash: before.policy.paramsHash },
      whatIf: { paramsHash: after.policy.paramsHash },
      programmes: PROGRAMMES.map((p) => ({ programme: p, ...row(city.get(p) as Sums) })),
      communities: [...byCommunity.values()]
        .sort((a, b) => a.community.localeCompare(b.community) || PROGRAMMES.indexOf(a.programme) - PROGRAMMES.indexOf(b.programme))
        .map((s) => ({ community: s.community, programme: s.programme, ...row(s) })),
      lines: shown,
      page: { ...page, total },
      truncated: page.offset + shown.length < total,
    },
  };
}
