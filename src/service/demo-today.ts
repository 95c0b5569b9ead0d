/**
 * The demo city on the day it is first started. Its cases are made on a fixed clock in the first months of
 * 2026 (src/service/demo-cases.ts), so by the time someone opens it every 公示 has long closed, and no
 * committee has been paid a grant to account for. `npm start`'s first start (src/server/main.ts) then does,
 * on the real day and through the same services a clerk uses:
 *  - the bureau publishes the W grants it has approved and not yet published: one 公示 open for its full
 *    period, for the public's objection form;
 *  - finance settles the payable W grants, approves the batch (with the demo password) and books the bank's
 *    confirmation; the first committee paid records two uses of its grant (clause 3.3), and gets an account
 *    of its own, `demo-committee-paid`, to go on keeping its ledger (demo-committee's grant is still a draft,
 *    for applying).
 * The seed itself stays the same on every run (tests use it as it is); only this step depends on the day.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { DEMO_PASSWORD } from '../registry/demo-accounts.ts';
import { uploadAttachment } from './attachments.ts';
import { scopeOf } from './auth/sessions.ts';
import { createUser } from './auth/users.ts';
import { chinaDay } from './cases/numbers.ts';
import type { ServiceContext } from './command.ts';
import { pdf } from './demo-cases.ts';
import { allPaid, applyBankResult, approveBatch, viewBatch } from './money/batches.ts';
import { settle } from './money/settle.ts';
import { recordSpending } from './money/spending.ts';
import { publishNotice } from './notices.ts';

export const PAID_COMMITTEE_ACCOUNT = 'demo-committee-paid';

export interface DemoToday {
  /** the notice published today, or null when no approved grant waited for one */
  notice: { id: number; closesOn: string; cases: string[] } | null;
  /** the W batch paid today and the committee that then booked its spending, or null when none was payable */
  paid: { batchNo: string; committee: string; account: string } | null;
}

const system = (db: Db, role: 'bureau' | 'finance', now: Date): ServiceContext => ({
  db,
  actor: { username: `demo-${role}`, role, channel: 'system' },
  now: () => now,
});

export async function demoToday(db: Db, now: Date): Promise<DemoToday> {
  return { notice: await publishApprovedGrants(db, now), paid: await payGrants(db, now) };
}

async function publishApprovedGrants(db: Db, now: Date): Promise<DemoToday['notice']> {
  const waiting = await db
    .select({ caseNo: t.cases.caseNo })
    .from(t.cases)
    .where(and(eq(t.cases.type, 'grant'), eq(t.cases.state, 'bureau_approved')))
    .orderBy(asc(t.cases.id));
  if (waiting.length === 0) return null;
  const cases = waiting.map((c) => c.caseNo);
  return { ...(await publishNotice(system(db, 'bureau', now), { programme: 'W', caseNos: cases })), cases };
}

async function payGrants(db: Db, now: Date): Promise<DemoToday['paid']> {
  const finance = system(db, 'finance', now);
  // the budget year of the oldest payable grant (D-22): the demo's are of 2024
  const [first] = await rawRows<{ year: number }>(
    db,
    sql`select min(pc.year)::int as year from payment_claim pc join "case" c on c.id = pc.case_id
        where pc.programme = 'W' and pc.state = 'reserved' and c.state = 'payable'`,
  );
  if (!first?.year) return null;
  const made = await settle(finance, { programme: 'W', period: String(first.year), asOf: chinaDay(now) });
  if (!made.batchNo) return null;
  await approveBatch(finance, made.batchNo, DEMO_PASSWORD);
  const batch = await viewBatch(db, finance.actor, made.batchNo);
  await applyBankResult(finance, made.batchNo, allPaid(batch));
  const line = batch.lines[0];
  if (!line) return null;
  const [w] = await db.select().from(t.committees).where(eq(t.committees.code, line.payee));
  if (!w) return null;
  const committee: ServiceContext = {
    db,
    actor: {
      username: PAID_COMMITTEE_ACCOUNT,
      role: 'committee',
      channel: 'system',
      scope: await scopeOf(db, { communityId: null, companyId: null, committeeId: w.id }),
    },
    now: () => now,
  };
  const today = chinaDay(now);
  const receipt = async (name: string) => (await uploadAttachment(committee, pdf(name))).id;
  await recordSpending(committee, {
    committee: w.code,
    spentOn: today,
    item: '业主大会会议场地租用及资料印制',
    amount: '860.00',
    receiptAttachmentId: await receipt('会议场地'),
  });
  await recordSpending(committee, {
    committee: w.code,
    spentOn: today,
    item: '业委会办公用品',
    amount: '325.50',
    receiptAttachmentId: await receipt('办公用品'),
  });
  const admin: ServiceContext = { db, actor: { username: 'demo-admin', role: 'admin', channel: 'system' }, now: () => now };
  await createUser(admin, {
    username: PAID_COMMITTEE_ACCOUNT,
    role: 'committee',
    scope: w.code,
    displayName: '演示·业委会（已获补助）',
    password: DEMO_PASSWORD,
    mustChangePassword: false,
  });
  return { batchNo: made.batchNo, committee: w.code, account: PAID_COMMITTEE_ACCOUNT };
}
