/**
 * The postings table (src/ledger/postings.ts): every event balances (what leaves the debited accounts
 * is what enters the credited ones), reserve and void are each other's inverse, F moves its quota with
 * its money, appropriation goes up from the fund and back to it on a cut.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Programme } from './accounts.ts';
import type { Claim } from './claims.ts';
import { allotQuota, appropriate, type Posting, pay, reserve, reverseSpend, spend, voidReservation } from './postings.ts';

/** Net movement per account code: credits minus debits. */
function net(postings: Posting[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const p of postings) {
    m.set(p.debit.code, (m.get(p.debit.code) ?? 0n) - p.amount);
    m.set(p.credit.code, (m.get(p.credit.code) ?? 0n) + p.amount);
  }
  for (const [k, v] of m) if (v === 0n) m.delete(k);
  return m;
}

const sum = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);

const claim = (programme: Programme, amount: bigint, over: Partial<Claim> = {}): Claim => ({
  programme,
  subject: programme === 'T' ? 'E1' : programme === 'W' ? 'W1' : 'F1',
  period: programme === 'T' ? '2025H1' : null,
  year: 2025,
  communityCode: 'C1',
  payee: {
    type: programme === 'T' ? 'company' : programme === 'W' ? 'committee' : 'community',
    code: programme === 'T' ? 'P1' : programme === 'W' ? 'W1' : 'C1',
  },
  amount,
  ...over,
});

const arbClaim = fc
  .record({
    programme: fc.constantFrom<Programme>('T', 'W', 'F'),
    amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    year: fc.integer({ min: 2024, max: 2030 }),
    community: fc.constantFrom('C1', 'C2', 'C10'),
  })
  .map(({ programme, amount, year, community }) => claim(programme, amount, { year, communityCode: community }));

test('every posting is a positive amount between two different accounts, and every event balances (property)', () => {
  fc.assert(
    fc.property(arbClaim, fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), (c, delta) => {
      const events: Posting[][] = [
        reserve(c),
        voidReservation(c),
        pay(c),
        appropriate(c.year, c.programme, delta),
        allotQuota(c.year, c.communityCode, c.amount),
      ];
      if (c.programme === 'W') events.push(spend(c, c.amount), reverseSpend(c, c.amount));
      for (const e of events) {
        for (const p of e) {
          assert.ok(p.amount > 0n);
          assert.notEqual(p.debit.code, p.credit.code);
        }
        // sum of debits = sum of credits, so the net over all accounts is zero
        assert.equal(sum(net(e)), 0n);
      }
    }),
    { seed: 1, numRuns: 500 },
  );
});

test('void undoes reserve exactly, quota included (property)', () => {
  fc.assert(
    fc.property(arbClaim, (c) => net([...reserve(c), ...voidReservation(c)]).size === 0),
    { seed: 2, numRuns: 500 },
  );
});

test('reserve: T and W draw the budget only; F draws the budget and moves the community quota to used', () => {
  const t = reserve(claim('T', 500n));
  assert.deepEqual(
    t.map((p) => [p.kind, p.debit.code, p.credit.code, p.amount]),
    [['reserve', 'budget:2025:T', 'reserved:2025:T:C1:company:P1', 500n]],
  );
  const f = reserve(claim('F', 700n));
  assert.deepEqual(
    f.map((p) => [p.kind, p.debit.code, p.credit.code, p.amount]),
    [
      ['reserve', 'budget:2025:F', 'reserved:2025:F:C1:community:C1', 700n],
      ['reserve', 'quota:2025:F:C1', 'quota_used:2025:F:C1', 700n],
    ],
  );
  assert.deepEqual(Object.fromEntries(net(f)), {
    'budget:2025:F': -700n,
    'reserved:2025:F:C1:community:C1': 700n,
    'quota:2025:F:C1': -700n,
    'quota_used:2025:F:C1': 700n,
  });
  // the accounts drawn on may not be overdrawn, the fund and quota source may
  for (const p of f) assert.equal(p.debit.noOverdraft, true);
  const v = voidReservation(claim('F', 700n));
  assert.deepEqual(
    v.map((p) => [p.kind, p.debit.code, p.credit.code]),
    [
      ['void', 'reserved:2025:F:C1:community:C1', 'budget:2025:F'],
      ['void', 'quota_used:2025:F:C1', 'quota:2025:F:C1'],
    ],
  );
});

test('pay moves the reservation to paid, once, and leaves the budget alone', () => {
  const c = claim('W', 12345n);
  assert.deepEqual(Object.fromEntries(net([...reserve(c), ...pay(c)])), {
    'budget:2025:W': -12345n,
    'paid:2025:W:C1:committee:W1': 12345n,
  });
});

test('appropriate: up from the fund, down back to it, nothing for no change', () => {
  assert.deepEqual(
    appropriate(2025, 'T', 100n).map((p) => [p.debit.code, p.credit.code, p.amount]),
    [['source:2025:T', 'budget:2025:T', 100n]],
  );
  assert.deepEqual(
    appropriate(2025, 'T', -40n).map((p) => [p.debit.code, p.credit.code, p.amount]),
    [['budget:2025:T', 'source:2025:T', 40n]],
  );
  assert.deepEqual(appropriate(2025, 'T', 0n), []);
  assert.equal(appropriate(2025, 'T', -40n)[0]?.debit.noOverdraft, true, 'a cut draws the budget, which cannot go below zero');
  assert.equal(appropriate(2025, 'T', 40n)[0]?.debit.noOverdraft, false);
  assert.deepEqual(allotQuota(2025, 'C1', 0n), []);
});

test('spend is for a committee’s W grant only', () => {
  assert.throws(() => spend(claim('T', 1n), 1n), /only a committee/);
  assert.throws(() => spend(claim('F', 1n), 1n), /only a committee/);
  assert.deepEqual(
    spend(claim('W', 900n), 300n).map((p) => [p.debit.code, p.credit.code, p.amount]),
    [['paid:2025:W:C1:committee:W1', 'spent:W:C1:committee:W1', 300n]],
  );
});

test('reverseSpend undoes spend exactly, back into the grant (property)', () => {
  fc.assert(
    fc.property(
      arbClaim.filter((c) => c.programme === 'W'),
      (c) => net([...spend(c, c.amount), ...reverseSpend(c, c.amount)]).size === 0,
    ),
    { seed: 3, numRuns: 200 },
  );
  assert.deepEqual(
    reverseSpend(claim('W', 900n), 300n).map((p) => [p.kind, p.debit.code, p.credit.code, p.amount]),
    [['reverse', 'spent:W:C1:committee:W1', 'paid:2025:W:C1:committee:W1', 300n]],
  );
  assert.throws(() => reverseSpend(claim('T', 1n), 1n), /only a committee/);
});
