/**
 * docs/policy.md T.7: a year whose annual result fails orders a rectification (整改) with a deadline.
 * When an assessment completes such a year, the rectification case is opened in the same transaction —
 * the failed years are the engine's (`yearsToRectify`), not computed again here. The bureau then records
 * the outcome (rectified, failed, refused) on that case.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { loadPolicy } from '../../policy/load.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { mustParseDay } from '../../rules/dates/date.ts';
import { yearsToRectify } from '../../rules/programmes/takeover/index.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import type { ServiceContext } from '../command.ts';
import { addDays } from './deadlines.ts';
import { narrowForSubject } from './narrow.ts';
import { insertCase } from './store.ts';

/** Days from the order to the rectification's deadline (a setting; the measures leave it to the authority). */
export const RECTIFICATION_DAYS = 30;

/** Opens the rectifications an engagement's assessments call for; returns their case numbers. */
export async function orderRectifications(tx: Db, ctx: ServiceContext, engagementId: number, today: string): Promise<string[]> {
  const [en] = await tx.select().from(t.engagements).where(eq(t.engagements.id, engagementId));
  if (!en) return [];
  const { scenario } = await buildScenario(tx, today);
  const v = validateScenario(narrowForSubject(scenario, 'T', en.code));
  if (!v.ok) throw new Error(`the registry does not make a valid scenario for ${en.code}`);
  const e = v.scenario.engagements?.find((x) => x.id === en.code);
  const c = v.scenario.compounds.find((x) => x.id === e?.compoundId);
  if (!e || !c) return [];
  const years = yearsToRectify({ policy: loadPolicy(), asOf: mustParseDay(today), explain: false }, e, c);
  const [compound] = await tx.select().from(t.compounds).where(eq(t.compounds.id, en.compoundId));
  const opened: string[] = [];
  for (const year of years) {
    const [ordered] = await tx
      .select({ id: t.rectifications.id })
      .from(t.rectifications)
      .where(and(eq(t.rectifications.engagementId, en.id), eq(t.rectifications.year, year)));
    if (ordered) continue; // ordered already, its outcome not recorded yet
    const deadline = addDays(today, RECTIFICATION_DAYS);
    await tx.insert(t.rectifications).values({ engagementId: en.id, year, orderedOn: today, deadline });
    const row = await insertCase(tx, ctx, {
      type: 'rectification',
      communityId: compound?.communityId as number,
      compoundId: en.compoundId,
      applicantType: 'bureau',
      companyId: en.companyId,
      engagementId: en.id,
      year,
      form: { engagementCode: en.code, year, deadline },
    });
    opened.push(row.caseNo);
  }
  return opened;
}
