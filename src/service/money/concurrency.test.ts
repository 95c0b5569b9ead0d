/**
 * PostgreSQL only (PGlite has one connection, so nothing there runs at once): 50 reservations at the
 * same moment against a budget that holds only some of them never overdraw it and accept exactly
 * floor(budget / amount) — through the ledger's writer (its locked check), and again by raw inserts
 * that only the database's own CHECK guards. Skipped loudly without DATABASE_URL (a failure under
 * JIANGBU_REQUIRE_ALL=1, as src/db/testing.ts does).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client.ts';
import { dbError } from '../../db/errors.ts';
import { freshDatabase } from '../../db/testing.ts';
import * as accounts from '../../ledger/accounts.ts';
import type { Claim } from '../../ledger/claims.ts';
import { appropriate, reserve } from '../../ledger/postings.ts';
import type { UserError } from '../../lib/errors.ts';
import type { ServiceContext } from '../command.ts';
import { post } from '../ledger.ts';

const N = 50;
const AMOUNT = 300n; // fen
const BUDGET = 10_000n; // fen: holds 33 of the 50
const FITS = BUDGET / AMOUNT;

const claim = (i: number, year: number): Claim => ({
  programme: 'W',
  subject: `W${i}`,
  period: null,
  year,
  communityCode: 'C1',
  payee: { type: 'committee', code: `W${i}` },
  amount: AMOUNT,
});

const balance = async (db: Db, code: string) =>
  BigInt(
    (await rawRows<{ b: string }>(db, sql`select (credits_posted - debits_posted)::text as b from ledger_account where code = ${code}`))[0]
      ?.b ?? '0',
  );

const why = process.env.DATABASE_URL ? null : 'DATABASE_URL is not set: the PostgreSQL-only concurrency test is SKIPPED';
if (why) console.warn(`\n!!! parallel reservations [postgres]: ${why}\n`);
const required = process.env.JIANGBU_REQUIRE_ALL === '1';
type TestFn = (name: string, fn: () => Promise<void>) => void;
const it: TestFn = !why
  ? (name, fn) => test(name, fn)
  : required
    ? (name) =>
        test(name, () => {
          throw new Error(`${why} (JIANGBU_REQUIRE_ALL=1)`);
        })
    : (name, fn) => test(name, { skip: why }, fn);

describe('parallel reservations [postgres]', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  before(async () => {
    if (!why) fresh = await freshDatabase('postgres');
  });
  after(() => fresh?.dispose());
  const ctx = (): ServiceContext => ({ db: fresh.database.db, actor: { username: 'fin-test', role: 'finance', channel: 'system' } });
  const asActor = (tx: Db) => tx.execute(sql`select set_config('jiangbu.actor', 'fin-test', true)`);

  it(`${N} reservations through the ledger writer: exactly ${FITS} accepted, never overdrawn`, async () => {
    const { db } = fresh.database;
    const year = 2027;
    await db.transaction(async (tx) => {
      await asActor(tx);
      await post(tx, ctx(), appropriate(year, 'W', BUDGET));
    });
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        db.transaction(async (tx) => {
          await asActor(tx);
          await post(tx, ctx(), reserve(claim(i, year)), { claimId: `W:W${i}` });
        }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) assert.equal(((r as PromiseRejectedResult).reason as UserError).code, 'budget.insufficient');
    assert.equal(BigInt(results.length - refused.length), FITS);
    const left = await balance(db, accounts.budget(year, 'W').code);
    assert.ok(left >= 0n);
    assert.equal(left, BUDGET - FITS * AMOUNT);
    const [r] = await rawRows<{ s: string; n: number }>(
      db,
      sql`select coalesce(sum(credits_posted - debits_posted), 0)::text as s, count(*)::int as n from ledger_account where kind = 'reserved' and year = ${year} and credits_posted > 0`,
    );
    assert.deepEqual([BigInt(r?.s ?? '0'), Number(r?.n)], [FITS * AMOUNT, Number(FITS)]);
  });

  it(`${N} raw inserts at once, the writer's check bypassed: the database's CHECK alone accepts exactly ${FITS}`, async () => {
    const { db } = fresh.database;
    const year = 2028;
    await db.transaction(async (tx) => {
      await asActor(tx);
      await post(tx, ctx(), appropriate(year, 'W', BUDGET));
    });
    const budgetCode = accounts.budget(year, 'W').code;
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        db.transaction(async (tx) => {
          await asActor(tx);
          const payee = accounts.reserved(year, 'W', 'C1', { type: 'committee', code: `R${i}` });
          await tx.execute(sql`insert into ledger_account (code, kind, programme, year, payee_type, payee_code, no_overdraft)
            values (${payee.code}, 'reserved', 'W', ${year}, 'committee', ${`R${i}`}, true) on conflict (code) do nothing`);
          await tx.execute(sql`insert into ledger_transfer (kind, debit_account_id, credit_account_id, amount, claim_id)
            select 'reserve', b.id, p.id, ${AMOUNT.toString()}::bigint, ${`W:R${i}`}
            from ledger_account b, ledger_account p where b.code = ${budgetCode} and p.code = ${payee.code}`);
        }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) {
      const d = dbError((r as PromiseRejectedResult).reason);
      assert.deepEqual([d.code, d.constraint], ['23514', 'ledger_account_no_overdraft'], d.message);
    }
    assert.equal(BigInt(results.length - refused.length), FITS);
    assert.equal(await balance(db, budgetCode), BUDGET - FITS * AMOUNT);
  });
});
