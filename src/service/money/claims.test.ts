/**
 * A result that comes to 0.00 has nothing to pay (docs/domain.md "Money"): a T half-year served one day on
 * a tiny area is payable at 0.00 by the rules, but approving it for payment would make a claim of 0.00,
 * which the ledger does not hold (payment_claim_amount). The approval is refused with a reason the bureau
 * can act on — check the facts or reject the claim — and nothing is written; the claim can be rejected.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/client.ts';
import { describeDb } from '../../db/testing.ts';
import type { UserError } from '../../lib/errors.ts';
import { compound, engagement, scenario, tier1Facts } from '../../rules/scenario/fixtures.ts';
import type { Role } from '../actor.ts';
import { uploadAttachment } from '../attachments.ts';
import { DEFAULT_SHEET } from '../cases/assessment.ts';
import { attachToCase } from '../cases/edit.ts';
import { moveCase } from '../cases/move.ts';
import { openCase } from '../cases/open.ts';
import { viewCase } from '../cases/read.ts';
import type { ServiceContext } from '../command.ts';
import { publishNotice } from '../notices.ts';
import { contextOf, type ScopeCodes } from '../read/testing.ts';
import { seedScenario } from '../testing.ts';

const pdf = (name: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${name}`), fileName: `${name}.pdf` });

describeDb('a claim of 0.00', (ctx, it) => {
  const clock = () => new Date('2025-03-01T02:00:00Z');
  const as = (role: Role, scope?: ScopeCodes): Promise<ServiceContext> => contextOf(ctx.database.db, role, scope, clock);

  it('T payable at 0.00 (one day on 0.01 m²): publishing it is refused, nothing written; it can be rejected', async () => {
    const { db } = ctx.database;
    await seedScenario(
      db,
      scenario({
        compounds: [compound({ id: 'X1', area: '0.01' })],
        engagements: [
          engagement({ id: 'E1', compoundId: 'X1', entryDate: '2024-06-30', contractSigned: '2024-06-30', commitmentSigned: '2024-06-30' }),
        ],
      }),
    );
    const company = await as('company', { company: 'P1' });
    const { period: _p, assessmentScore: _s, ...facts } = tier1Facts('2024H1');
    const claim = await openCase(company, { type: 'claim', form: { engagementCode: 'E1', period: '2024H1', ...facts } });
    await attachToCase(company, claim.caseNo, (await uploadAttachment(company, pdf('evidence'))).id, 'evidence');
    await moveCase(company, claim.caseNo, 'submit');
    const community = await as('community', { community: 'C1' });
    await moveCase(community, claim.caseNo, 'verify');
    const bureau = await as('bureau');
    const mine = (scorers: string[]) =>
      Object.fromEntries(DEFAULT_SHEET.filter((i) => scorers.includes(i.scorer)).map((i) => [i.key, i.max]));
    await moveCase(community, claim.caseNo, 'score', { scores: mine(['community', 'committee']) }); // no committee at X1
    await moveCase(bureau, claim.caseNo, 'score', { scores: mine(['bureau']) });
    const assessed = await moveCase(bureau, claim.caseNo, 'assess');
    assert.equal(assessed.state, 'assessed');
    const count = () =>
      rawRows(
        db,
        sql`select (select count(*)::int from payment_claim) as claims, (select count(*)::int from public_notice) as notices,
                   (select count(*)::int from ledger_transfer where kind = 'reserve') as reserves`,
      );
    const before = await count();
    await assert.rejects(publishNotice(bureau, { programme: 'T', caseNos: [claim.caseNo] }), (e: unknown) => {
      const u = e as UserError;
      assert.equal(u.code, 'claim.nothing_to_pay', u.message);
      assert.equal(u.status, 409);
      assert.equal(u.messageIn('zh'), 'T:E1:2024H1 的测算金额为 0.00 元，没有可拨付的金额，不能批准拨付：请核实事实，或作不予批准处理');
      assert.match(u.messageIn('en'), /^T:E1:2024H1 comes to 0\.00: there is nothing to pay/);
      return true;
    });
    assert.deepEqual(await count(), before);
    const still = await viewCase(db, bureau, claim.caseNo);
    assert.deepEqual([still.state, still.amount, still.notice], ['assessed', null, null]);
    const rejected = await moveCase(bureau, claim.caseNo, 'reject', { comment: '测算金额为 0.00 元，无可拨付金额' });
    assert.equal(rejected.state, 'rejected');
  });
});
