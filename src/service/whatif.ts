/**
 * What-if on the live registry (docs/domain.md "What-if"): the bureau or finance changes parameters and
 * sees what the registry would be paid under them — per programme, per community, and the lines that
 * change. The overrides are checked here, each refusal naming the override; the registry's size is held
 * to the calculation routes' entity cap before anything is read; the two calculations and their comparison
 * run in the calculation pool (src/service/whatif-compare.ts). Every run is recorded in the audit trail:
 * who asked, for which day, with which overrides, and what it changed.
 */
import { sql } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { type InputProblem, ProblemsError, ruleProblems, userError } from '../lib/errors.ts';
import { type Override, ParameterError, parseOverrideValue, publishedParameters } from '../policy/load.ts';
import { buildScenario } from '../registry/scenario-build.ts';
import { parseDay } from '../rules/dates/date.ts';
import type { Lang } from '../rules/params/types.ts';
import { requireRole } from './access.ts';
import type { CalcPool } from './calc-pool.ts';
import type { Page } from './calc-scope.ts';
import { record, type ServiceContext } from './command.ts';
import type { WhatIfResult } from './whatif-compare.ts';

/** At most this many overrides in one what-if. */
export const MAX_OVERRIDES = 50;

export interface WhatIfInput {
  asOf: string;
  overrides: Override[];
}

export interface WhatIfOptions {
  pool: CalcPool;
  /** the entity cap of the calculation routes (JIANGBU_MAX_ENTITIES) */
  maxEntities: number;
  page: Page;
  /** the language of the changed lines' reasons */
  lang?: Lang;
}

/** The answer: the comparison, with each community's name beside its code. */
export type WhatIfAnswer = Omit<WhatIfResult, 'communities'> & {
  overrides: Override[];
  communities: (WhatIfResult['communities'][number] & { communityName: string })[];
};

/**
 * Each override names a parameter (`jiangbu params`) once, with a value of its type; every problem is
 * named by its path in the request (`$.overrides[1].text`).
 */
export function checkOverrides(overrides: Override[]): void {
  const defs = new Map(publishedParameters().map((d) => [d.id, d]));
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    const def = defs.get(o.id);
    if (!def) {
      problems.push({
        path: `$.overrides[${i}].id`,
        code: 'whatif.unknown_parameter',
        text: { zh: `没有参数 ${o.id}（见 GET /api/params）`, en: `unknown parameter ${o.id} (see GET /api/params)` },
      });
      return;
    }
    if (seen.has(o.id)) {
      problems.push({
        path: `$.overrides[${i}].id`,
        code: 'whatif.duplicate',
        text: { zh: `参数 ${o.id} 重复出现`, en: `parameter ${o.id} is given twice` },
      });
      return;
    }
    seen.add(o.id);
    try {
      parseOverrideValue(def, o.text);
    } catch (e) {
      if (!(e instanceof ParameterError)) throw e;
      problems.push({
        path: `$.overrides[${i}].text`,
        code: 'whatif.bad_value',
        text: { zh: e.text.zh.replace(/^--set /, ''), en: e.text.en.replace(/^--set /, '') },
      });
    }
  });
  if (problems.length > 0)
    throw new ProblemsError(problems, {
      code: 'whatif.overrides',
      text: { zh: `参数调整有误（${problems.length} 处）`, en: `the overrides have ${problems.length} problem(s)` },
    });
}

/**
 * The registry's entities as the calculation routes count them (compounds + engagements + half-year
 * facts + committees + facility applications), counted in the database before anything is read.
 */
export async function registryEntities(ctx: ServiceContext): Promise<number> {
  const result = (await ctx.db.execute(sql`select
      (select count(*) from ${t.compounds}) + (select count(*) from ${t.engagements}) + (select count(*) from ${t.periodFacts})
      + (select count(*) from ${t.committees}) + (select count(*) from ${t.facilityApplications}) as n`)) as unknown as {
    rows: { n: number | string }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}

/** What-if on the registry as of `asOf` (bureau, finance). */
export async function whatIf(ctx: ServiceContext, input: WhatIfInput, opts: WhatIfOptions): Promise<WhatIfAnswer> {
  requireRole(ctx.actor, ['bureau', 'finance'], { zh: '参数模拟测算', en: 'running a what-if' });
  if (parseDay(input.asOf) === null)
    throw new ProblemsError([
      {
        path: '$.asOf',
        code: 'date.invalid',
        text: { zh: `评估日 ${input.asOf} 不是有效日期（YYYY-MM-DD）`, en: `as-of date ${input.asOf} is not a date (YYYY-MM-DD)` },
      },
    ]);
  checkOverrides(input.overrides);
  const entities = await registryEntities(ctx);
  if (entities > opts.maxEntities)
    throw userError(
      'too_many_entities',
      `登记库含 ${entities} 个实体，超过模拟测算的上限 ${opts.maxEntities}（小区、承接、半年期、业委会、设施改造申请合计）`,
      `the registry has ${entities} entities, more than the what-if limit of ${opts.maxEntities} (compounds, engagements, half-year periods, committees and facility applications together)`,
      { status: 413, details: { entities, cap: opts.maxEntities } },
    );
  const { scenario } = await buildScenario(ctx.db, input.asOf);
  const out = await opts.pool.run(
    { kind: 'whatif', scenario, overrides: input.overrides, page: opts.page, lang: opts.lang ?? 'zh' },
    { pooled: true },
  );
  if (!out.ok)
    throw new ProblemsError(ruleProblems(out.problems), {
      code: 'registry_inconsistent',
      status: 409,
      text: { zh: `登记数据不一致（${out.problems.length} 处）`, en: `the registry is inconsistent (${out.problems.length} problems)` },
    });
  const result = JSON.parse(new TextDecoder().decode(out.json)) as WhatIfResult;
  const names = new Map(
    (await ctx.db.select({ code: t.communities.code, name: t.communities.name }).from(t.communities)).map((c) => [c.code, c.name]),
  );
  await record(ctx, {
    action: 'whatif.run',
    objectType: 'registry',
    objectId: input.asOf,
    result: 'ok',
    detail: {
      asOf: input.asOf,
      overrides: input.overrides,
      paramsHash: result.whatIf.paramsHash,
      changedLines: result.page.total,
      difference: Object.fromEntries(result.programmes.map((p) => [p.programme, p.difference])),
    },
  });
  return {
    ...result,
    overrides: input.overrides,
    communities: result.communities.map((c) => ({ ...c, communityName: names.get(c.community) ?? '' })),
  };
}
