/**
 * From untrusted JSON to a Scenario the engine can trust: the zod shape first, then the rules
 * that tie records together (docs/calc-format.md "Bad input"). Every problem is reported, none fixed.
 */
import type { z } from 'zod';
import { mustParseDay, yearOf } from '../dates/date.ts';
import { isProblemCode, jsonPath, type Problem } from './problems.ts';
import { type EngagementInput, type Scenario, scenarioSchema } from './schema.ts';

export type Validated = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

function fromZod(issue: z.core.$ZodIssue): Problem[] {
  // Objects are strict: a misspelt field is named rather than silently dropped.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: jsonPath([...issue.path, k]), code: 'key.unknown' }));
  const path = jsonPath(issue.path);
  if (isProblemCode(issue.message)) return [{ path, code: issue.message }];
  return [{ path, code: 'invalid', args: { detail: issue.message } }];
}

/** Reports the second and later uses of an id within one array. */
function checkUnique<T>(
  items: readonly T[],
  key: (t: T) => string,
  base: string,
  field: string,
  code: 'id.duplicate' | 'period.repeated',
  out: Problem[],
) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      out.push({
        path: `${base}[${i}].${field}`,
        code,
        args: code === 'id.duplicate' ? { id: k, first: `${base}[${first}]` } : { period: k, first: `${base}[${first}]` },
      });
  });
}

/** Year the accrual window starts (docs/policy.md T.2); with a date missing, the latest known date. */
function accrualStartYear(e: EngagementInput): number {
  const dates = [e.entryDate, e.contractSigned, e.commitmentSigned].filter((d): d is string => !!d);
  return yearOf(Math.max(...dates.map(mustParseDay)));
}

function checkEngagements(s: Scenario, compounds: Set<string>, out: Problem[]) {
  const engagements = s.engagements ?? [];
  checkUnique(engagements, (e) => e.id, '$.engagements', 'id', 'id.duplicate', out);
  const spans = new Map<string, { i: number; from: number; to: number; id: string }[]>();
  engagements.forEach((e, i) => {
    const base = `$.engagements[${i}]`;
    if (!compounds.has(e.compoundId)) out.push({ path: `${base}.compoundId`, code: 'compound.unknown', args: { id: e.compoundId } });
    checkUnique(e.periods ?? [], (p) => p.period, `${base}.periods`, 'period', 'period.repeated', out);
    const from = mustParseDay(e.entryDate);
    const to = e.endDate ? mustParseDay(e.endDate) : Number.POSITIVE_INFINITY;
    if (to < from)
      out.push({ path: `${base}.endDate`, code: 'endDate.beforeEntry', args: { endDate: e.endDate ?? '', entryDate: e.entryDate } });
    // One company per compound at a time: spans (entry … end, open if none) must not share a day.
    const list = spans.get(e.compoundId) ?? [];
    for (const o of list) {
      if (from <= o.to && o.from <= to) {
        out.push({ path: `${base}.entryDate`, code: 'engagement.overlap', args: { other: o.id, compound: e.compoundId } });
        break;
      }
    }
    list.push({ i, from, to, id: e.id });
    spans.set(e.compoundId, list);
    // A rectification record (docs/policy.md T.7): a year from the window's start, decided after it, one per year.
    const startYear = accrualStartYear(e);
    const years = new Map<number, number>();
    (e.rectifications ?? []).forEach((r, j) => {
      const path = `${base}.rectifications[${j}]`;
      if (r.year < startYear) out.push({ path: `${path}.year`, code: 'rectification.yearBeforeStart', args: { year: r.year, startYear } });
      if (r.decidedOn <= `${r.year}-12-31`)
        out.push({ path: `${path}.decidedOn`, code: 'rectification.decidedTooEarly', args: { decidedOn: r.decidedOn, year: r.year } });
      const first = years.get(r.year);
      if (first !== undefined)
        out.push({
          path: `${path}.year`,
          code: 'rectification.repeated',
          args: { year: r.year, first: `${base}.rectifications[${first}]` },
        });
      else years.set(r.year, j);
    });
  });
}

export function validateScenario(input: unknown): Validated {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(fromZod) };
  const s = parsed.data;
  const out: Problem[] = [];
  checkUnique(s.compounds, (c) => c.id, '$.compounds', 'id', 'id.duplicate', out);
  const compounds = new Set(s.compounds.map((c) => c.id));
  checkEngagements(s, compounds, out);
  const committees = s.committees ?? [];
  checkUnique(committees, (c) => c.id, '$.committees', 'id', 'id.duplicate', out);
  committees.forEach((c, i) => {
    const base = `$.committees[${i}]`;
    if (!compounds.has(c.compoundId)) out.push({ path: `${base}.compoundId`, code: 'compound.unknown', args: { id: c.compoundId } });
    if (c.serviceContractSigned && c.serviceContractSigned < c.established)
      out.push({
        path: `${base}.serviceContractSigned`,
        code: 'committee.contractBeforeEstablished',
        args: { signed: c.serviceContractSigned, established: c.established },
      });
  });
  const applications = s.facilityApplications ?? [];
  checkUnique(applications, (a) => a.id, '$.facilityApplications', 'id', 'id.duplicate', out);
  applications.forEach((a, i) => {
    if (!compounds.has(a.compoundId))
      out.push({ path: `$.facilityApplications[${i}].compoundId`, code: 'compound.unknown', args: { id: a.compoundId } });
  });
  return out.length ? { ok: false, problems: out } : { ok: true, scenario: s };
}

/** Parses JSON text and validates it; a syntax error is a problem at `$`. */
export function validateScenarioText(text: string): Validated {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '$', code: 'json.syntax', args: { detail: (e as Error).message } }] };
  }
  return validateScenario(input);
}
