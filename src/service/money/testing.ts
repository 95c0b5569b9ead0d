/**
 * For tests: the two-community city (src/service/read/testing.ts) with committee W1's grant paid —
 * through the service layer as it happens: the committee applies, the community reviews, the bureau
 * approves and publishes, the notice closes, finance settles and approves the batch, the bank confirms.
 * W2 (community C2) has no grant.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { createUser } from '../auth/users.ts';
import { moveCase } from '../cases/move.ts';
import { openCase } from '../cases/open.ts';
import { closeNotice, publishNotice } from '../notices.ts';
import { contextOf, seedTwoCities } from '../read/testing.ts';
import { as, testActor } from '../testing.ts';
import { allPaid, applyBankResult, approveBatch, viewBatch } from './batches.ts';
import { setAppropriation } from './budgets.ts';
import { settle } from './settle.ts';

/** W1's grant (120 households: 3000.00) is paid on this day. */
export const GRANT_PAID_ON = '2025-06-10';
export const GRANT = '3000.00';

const at = (day: string) => new Date(`${day}T02:00:00Z`);

export async function seedPaidGrant(db: Db): Promise<void> {
  await seedTwoCities(db);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jiangbu.actor', 'test', true)`);
    await tx
      .update(t.committees)
      .set({ custodianAccountName: '幸福小区业主委员会', custodianBankName: '工商银行' })
      .where(eq(t.committees.code, 'W1'));
  });
  await setAppropriation(as(db, testActor('finance')), { year: 2024, programme: 'W', amount: '100000.00' });
  const day = (d: string) => () => at(d);
  const committee = await contextOf(db, 'committee', { committee: 'W1' }, day('2025-06-01'));
  const community = await contextOf(db, 'community', { community: 'C1' }, day('2025-06-01'));
  const bureau = await contextOf(db, 'bureau', undefined, day('2025-06-01'));
  const grant = await openCase(committee, { type: 'grant', form: { committeeCode: 'W1' } });
  await moveCase(committee, grant.caseNo, 'submit');
  await moveCase(community, grant.caseNo, 'review', { operatingNormally: true });
  await moveCase(bureau, grant.caseNo, 'approve');
  const notice = await publishNotice(bureau, { programme: 'W', caseNos: [grant.caseNo] });
  await closeNotice({ ...bureau, now: day('2025-06-08') }, notice.id);
  const password = 'Spending-Test-2025!';
  await createUser(as(db), { username: 'fin-spending', role: 'finance', password, displayName: '财政' });
  const finance = { db, actor: { username: 'fin-spending', role: 'finance' as const, channel: 'system' as const }, now: day('2025-06-09') };
  const made = await settle(finance, { programme: 'W', period: '2024' });
  if (!made.batchNo) throw new Error(`no W batch: ${JSON.stringify(made.held)}`);
  await approveBatch(finance, made.batchNo, password);
  const batch = await viewBatch(db, finance.actor, made.batchNo);
  const res = await applyBankResult({ ...finance, now: day(GRANT_PAID_ON) }, made.batchNo, allPaid(batch));
  if (res.paid !== 1 || batch.lines[0]?.amount !== GRANT) throw new Error(`W1's grant not paid: ${JSON.stringify(res)}`);
}
