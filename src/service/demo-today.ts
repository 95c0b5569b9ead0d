/**
 * The demo city on the day it is first started. Its cases are made on a fixed clock in the first months of
 * 2026 (src/service/demo-cases.ts), so by the time someone opens it every 公示 has long closed and the
 * public pages show nothing to object to. `npm start`'s first start (src/server/main.ts) then publishes, on
 * the real day, the W grants the bureau has approved and not yet published: one 公示 open for its full
 * period, for the objection form. The seed itself stays the same on every run (tests use it as it is);
 * only this step depends on the day.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { ServiceContext } from './command.ts';
import { publishNotice } from './notices.ts';

/** The notice published today, or null when the demo holds no approved grant waiting for one. */
export async function publishDemoToday(db: Db, now: Date): Promise<{ id: number; closesOn: string; cases: string[] } | null> {
  const waiting = await db
    .select({ caseNo: t.cases.caseNo })
    .from(t.cases)
    .where(and(eq(t.cases.type, 'grant'), eq(t.cases.state, 'bureau_approved')))
    .orderBy(asc(t.cases.id));
  if (waiting.length === 0) return null;
  const bureau: ServiceContext = { db, actor: { username: 'demo-bureau', role: 'bureau', channel: 'system' }, now: () => now };
  const cases = waiting.map((c) => c.caseNo);
  const notice = await publishNotice(bureau, { programme: 'W', caseNos: cases });
  return { ...notice, cases };
}
