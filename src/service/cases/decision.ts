/**
 * The engine's word on a case (docs/domain.md "Workflows"): the line of its subject, computed on the
 * registry as it stands today — with the application itself where it is not in the registry yet (a
 * facility subsidy before approval) — and its explanation in both languages. A decision freezes this
 * record on the case: a later parameter change or a later fact does not move a decided amount.
 */
import type { Db } from '../../db/client.ts';
import { loadPolicy } from '../../policy/load.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { calculate } from '../../rules/engine.ts';
import type { Line } from '../../rules/lines.ts';
import { type LineJson, presentLine } from '../../rules/present.ts';
import type { FacilityApplicationInput } from '../../rules/scenario/schema.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import { codeVersion } from '../version.ts';
import { narrowForSubject } from './narrow.ts';

export interface EngineRecord {
  /** the line, reasons and trace in zh-CN */
  line: LineJson;
  /** the reasons in English */
  reasonsEn: LineJson['reasons'];
  asOf: string;
  policy: { id: string; version: string; paramsHash: string };
  codeVersion: string;
}

export interface Subject {
  program: 'T' | 'W' | 'F';
  subject: string;
  period?: string | undefined;
  /** a facility application not in the registry yet, calculated in its place among the others */
  candidate?: FacilityApplicationInput;
}

/** The engine's own lines for a subject on `asOf` (before presentation: reasons and trace as codes and arguments). */
export async function engineLines(tx: Db, asOf: string, s: Subject): Promise<Line[]> {
  const { scenario } = await buildScenario(tx, asOf);
  if (s.candidate) scenario.facilityApplications = [...(scenario.facilityApplications ?? []), s.candidate];
  const v = validateScenario(narrowForSubject(scenario, s.program, s.subject));
  if (!v.ok) throw new Error(`the registry does not make a valid scenario: ${JSON.stringify(v.problems.slice(0, 3))}`);
  const calc = calculate(v.scenario, loadPolicy(), { explain: true });
  return calc.lines.filter(
    (l) => l.program === s.program && l.subject === s.subject && (s.period === undefined || ('period' in l && l.period === s.period)),
  );
}

/** An engine line as a case keeps it: zh-CN with its trace, the reasons in English, the policy and code it came from. */
export function recordOf(l: Line, asOf: string): EngineRecord {
  const policy = loadPolicy();
  return {
    line: presentLine(l, 'zh', true),
    reasonsEn: presentLine(l, 'en', false).reasons,
    asOf,
    policy: { id: policy.id, version: policy.version, paramsHash: policy.paramsHash },
    codeVersion: codeVersion(),
  };
}

/** The engine's lines for a subject on `asOf` (several for a takeover: one per period). */
export async function engineRecords(tx: Db, asOf: string, s: Subject): Promise<EngineRecord[]> {
  return (await engineLines(tx, asOf, s)).map((l) => recordOf(l, asOf));
}

/** The one line of a subject (a claim's period, a committee, an application), or null. */
export async function engineRecord(tx: Db, asOf: string, s: Subject): Promise<EngineRecord | null> {
  return (await engineRecords(tx, asOf, s))[0] ?? null;
}

/** Whether a line lets money be approved: payable (T, W) or granted/capped (F). */
export const approvable = (r: EngineRecord | null): boolean => r !== null && ['payable', 'granted', 'capped'].includes(r.line.status);
