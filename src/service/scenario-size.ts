/** How big a scenario is, counted before it is validated: what the entity cap and the pool threshold measure. */
import { userError } from '../lib/errors.ts';

const length = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

/** compounds + engagements + their half-year periods + committees + facility applications (anything not an array counts 0). */
export function scenarioEntities(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 0;
  const s = input as Record<string, unknown>;
  let n = length(s.compounds) + length(s.committees) + length(s.facilityApplications);
  if (Array.isArray(s.engagements))
    for (const e of s.engagements) n += 1 + (typeof e === 'object' && e !== null ? length((e as { periods?: unknown }).periods) : 0);
  return n;
}

/** Refuses a scenario over the cap (413), naming the cap, the count and what is counted. */
export function checkScenarioSize(input: unknown, cap: number): number {
  const n = scenarioEntities(input);
  if (n > cap)
    throw userError(
      'too_many_entities',
      `场景含 ${n} 个实体，超过上限 ${cap}（小区、承接、半年期、业委会、设施改造申请合计）`,
      `the scenario has ${n} entities, more than the limit of ${cap} (compounds, engagements, half-year periods, committees and facility applications together)`,
      { status: 413, details: { entities: n, cap } },
    );
  return n;
}
