/**
 * The communities ranked by progress — the basis of clause 4.2's 通报表扬 / 通报批评 (“对措施得力、成效显著的
 * ……予以通报表扬；对重视不够、措施不力、进展缓慢的给予通报批评”). The measures give no formula; this one is a
 * reading (docs/policy.md R-9), kept in one named constant, PROGRESS_RULE, and shown with every ranking:
 *
 * - three measures per community, each a share against a target: coverage of its 2023 roster on the as-of
 *   day (`goal.coverage.target`, the coverage report), satisfaction in the survey year
 *   (`goal.satisfaction.target`, the satisfaction report), and its final half-year assessments passed
 *   (PROGRESS_RULE.assessmentTarget);
 * - the score is the plain mean of the shares the community has data for (no roster compound, no survey
 *   answer, no final assessment: that measure is left out, and is not met), exact;
 * - ranked by score, highest first (ties by code; no data at all last); 通报表扬 when all three targets
 *   are met, 通报批评 when the score is below PROGRESS_RULE.criticismBelow, otherwise neither.
 */
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { formatDay, parseDay } from '../../rules/dates/date.ts';
import { parsePeriod, periodEnd } from '../../rules/dates/period.ts';
import { add, cmp, div, formatScaled, parseDecimal, type Rational, rational, roundHalfUpScaled, ZERO } from '../../rules/exact/rational.ts';
import { decimalParam } from '../../rules/params/lookup.ts';
import { requireRole } from '../access.ts';
import { chinaDay } from '../cases/numbers.ts';
import type { ServiceContext } from '../command.ts';
import { assessmentRows } from './assessments.ts';
import { type Share, share, targetPercent } from './common.ts';
import { coverageWithin } from './coverage.ts';
import { satisfactionWithin } from './satisfaction.ts';

/** The ranking's rule (docs/policy.md R-9): targets beside the policy's own, and the line for 通报批评. */
export const PROGRESS_RULE = {
  /** share of a community's final half-year assessments that passed, for that measure to be met: every one */
  assessmentTarget: '1.00',
  /** a score (the mean of the three shares) below this is 通报批评 — the assessments' own pass line, 60% */
  criticismBelow: '0.60',
} as const;

export type Standing = 'praise' | 'criticism' | 'none';

export interface CommunityProgress {
  rank: number;
  code: string;
  name: string;
  coverage: Share;
  satisfaction: Share;
  assessments: Share;
  /** the mean of the shares with data in percent, two decimals, half up; null without any data */
  score: string | null;
  /** how many of the three targets are met */
  targetsMet: number;
  /** 通报表扬 (praise), 通报批评 (criticism), or neither */
  standing: Standing;
}

export interface ProgressReport {
  asOf: string;
  /** always the city: the ranking compares communities */
  community: null;
  /** the survey year of the satisfaction measure (default: the as-of day's) */
  year: number;
  rule: {
    coverageTarget: string;
    satisfactionTarget: string;
    assessmentTarget: string;
    criticismBelow: string;
    text: { zh: string; en: string };
  };
  communities: CommunityProgress[];
}

/** The mean of the shares with data; null when none has any. */
function meanOf(shares: Share[]): Rational | null {
  const known = shares.filter((s) => s.whole > 0);
  if (known.length === 0) return null;
  const sum = known.reduce((a, s) => add(a, rational(BigInt(s.part), BigInt(s.whole))), ZERO);
  return div(sum, rational(BigInt(known.length)));
}
const percentOf = (r: Rational) => formatScaled(roundHalfUpScaled(r, 4), 2);

/** The ranking for the city (bureau, finance, the auditor, the administrator). */
export async function progressReport(
  ctx: ServiceContext,
  opts: { asOf?: string | undefined; year?: number | undefined } = {},
): Promise<ProgressReport> {
  requireRole(ctx.actor, ['bureau', 'finance', 'auditor'], { zh: '查阅社区进展排名', en: 'reading the progress ranking' });
  return cityProgress(ctx, opts);
}

/**
 * The ranking itself, over the whole city, for a caller already allowed to read it: the city's readers
 * above, and the public 通报 (src/service/bulletin.ts publicStandings), which publishes only its two lists.
 */
export async function cityProgress(
  ctx: ServiceContext,
  opts: { asOf?: string | undefined; year?: number | undefined } = {},
): Promise<ProgressReport> {
  const asOf = opts.asOf ?? chinaDay(ctx.now?.() ?? new Date());
  if (parseDay(asOf) === null)
    throw userError('date.invalid', `评估日 ${asOf} 不是有效日期（YYYY-MM-DD）`, `as-of date ${asOf} is not a date (YYYY-MM-DD)`);
  const coverage = await coverageWithin(ctx, null, { asOf });
  const satisfaction = await satisfactionWithin(ctx, null, { year: opts.year ?? Number(asOf.slice(0, 4)) });
  const policy = loadPolicy();
  const coverageTarget = decimalParam(policy, 'goal.coverage.target', coverage.goal.by).value;
  const satisfactionTarget = decimalParam(policy, 'goal.satisfaction.target', `${satisfaction.year}-12-31`).value;
  const assessmentTarget = parseDecimal(PROGRESS_RULE.assessmentTarget);
  const criticismBelow = parseDecimal(PROGRESS_RULE.criticismBelow);

  // final results of the half-years ended by asOf
  const passed = new Map<string, { part: number; whole: number }>();
  for (const r of await assessmentRows(ctx.db, { finalOnly: true })) {
    const p = parsePeriod(r.period);
    if (!p || formatDay(periodEnd(p)) > asOf) continue;
    const c = passed.get(r.community) ?? { part: 0, whole: 0 };
    c.whole++;
    if (r.passed) c.part++;
    passed.set(r.community, c);
  }
  const covered = new Map((coverage.points.at(-1)?.communities ?? []).map((c) => [c.code, c]));
  const satisfied = new Map(satisfaction.communities.map((c) => [c.code, c]));
  const all = await ctx.db.select({ code: t.communities.code, name: t.communities.name }).from(t.communities);

  const rows = all.map((c) => {
    const cov = covered.get(c.code) ?? share(0, 0, coverageTarget);
    const sat = satisfied.get(c.code) ?? share(0, 0, satisfactionTarget);
    const a = passed.get(c.code) ?? { part: 0, whole: 0 };
    const ass = share(a.part, a.whole, assessmentTarget);
    const score = meanOf([cov, sat, ass]);
    const targetsMet = [cov, sat, ass].filter((s) => s.met === true).length;
    const standing: Standing = targetsMet === 3 ? 'praise' : score !== null && cmp(score, criticismBelow) < 0 ? 'criticism' : 'none';
    const strip = (s: Share): Share => ({ part: s.part, whole: s.whole, percent: s.percent, met: s.met });
    return {
      code: c.code,
      name: c.name,
      coverage: strip(cov),
      satisfaction: strip(sat),
      assessments: ass,
      exact: score,
      targetsMet,
      standing,
    };
  });
  rows.sort(
    (a, b) =>
      (a.exact === null ? 1 : 0) - (b.exact === null ? 1 : 0) ||
      (a.exact !== null && b.exact !== null ? cmp(b.exact, a.exact) : 0) ||
      a.code.localeCompare(b.code),
  );
  return {
    asOf,
    community: null,
    year: satisfaction.year,
    rule: {
      coverageTarget: targetPercent(coverageTarget),
      satisfactionTarget: targetPercent(satisfactionTarget),
      assessmentTarget: targetPercent(assessmentTarget),
      criticismBelow: targetPercent(criticismBelow),
      text: {
        zh:
          '得分 = 名单小区覆盖率、满意率、半年考核合格率中有数据各项的平均值（无数据的一项不计入，也不算达标）；三项均达标者通报表扬，' +
          `得分低于 ${targetPercent(criticismBelow)}% 者通报批评（docs/policy.md R-9）`,
        en:
          'score = the mean of roster coverage, satisfaction and half-year assessments passed, over the measures with data (one without data is left out, and not met); ' +
          `praise when all three targets are met, criticism when the score is below ${targetPercent(criticismBelow)}% (docs/policy.md R-9)`,
      },
    },
    communities: rows.map(({ exact, ...r }, i) => ({ rank: i + 1, ...r, score: exact === null ? null : percentOf(exact) })),
  };
}
