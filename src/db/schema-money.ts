/**
 * Step 4 — money (docs/domain.md "Money"): a double-entry ledger whose transfers are immutable, the
 * claims it reserves and pays, settlement batches with their frozen lines and the bank's answer, and the
 * owners' committees' spending of their grants. Amounts in the ledger are integer fen (bigint).
 */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { created, day, inList, stamp, tracked } from './columns.ts';
import { cases } from './schema-process.ts';
import { attachments, committees, communities } from './schema-registry.ts';

export const PROGRAMMES = ['T', 'W', 'F'] as const;
const fen = (name: string) => bigint(name, { mode: 'bigint' });

export const ACCOUNT_KINDS = ['source', 'budget', 'quota_source', 'quota', 'quota_used', 'reserved', 'paid', 'spent'] as const;

/**
 * A ledger account (TigerBeetle's model): its posted debits and credits are kept by the database from
 * the transfers (a trigger, migration 0005) and cannot be written otherwise. An account that may not be
 * overdrawn (`no_overdraft`: a budget, a quota, a reservation, a committee's received grant) is held so
 * by a CHECK: a transfer that would take it below zero is refused by the database itself, whoever
 * writes it and however many write at once (the balance update locks the row).
 */
export const ledgerAccounts = pgTable(
  'ledger_account',
  {
    id: serial('id').primaryKey(),
    /** e.g. budget:2025:T, quota:2025:C05, reserved:2025:T:company:P07 (src/ledger/accounts.ts) */
    code: text('code').notNull().unique(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    programme: text('programme', { enum: PROGRAMMES }),
    /** the budget year (docs/policy.md D-22) */
    year: integer('year'),
    communityId: integer('community_id').references(() => communities.id),
    /** the organisation paid: company | committee | community, and its code */
    payeeType: text('payee_type'),
    payeeCode: text('payee_code'),
    noOverdraft: boolean('no_overdraft').notNull(),
    debitsPosted: fen('debits_posted').notNull().default(sql`0`),
    creditsPosted: fen('credits_posted').notNull().default(sql`0`),
    createdAt: created(),
  },
  (t) => [
    check('ledger_account_kind', inList(t.kind, ACCOUNT_KINDS)),
    check('ledger_account_no_overdraft', sql`not ${t.noOverdraft} or ${t.debitsPosted} <= ${t.creditsPosted}`),
    check('ledger_account_posted', sql`${t.debitsPosted} >= 0 and ${t.creditsPosted} >= 0`),
  ],
);

export const TRANSFER_KINDS = ['appropriate', 'allot', 'reserve', 'pay', 'void', 'reverse', 'spend'] as const;

/**
 * A movement of money from one account to another: immutable (triggers refuse UPDATE, DELETE and
 * TRUNCATE). A correction is a new transfer the other way (`reverse`, naming what it reverses). A claim's
 * payment is written once: `pay` transfers are unique per claim id.
 */
export const ledgerTransfers = pgTable(
  'ledger_transfer',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
    debitAccountId: integer('debit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: integer('credit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: fen('amount').notNull(),
    /** the claim it moves money for: T:{engagement}:{period}, W:{committee}, F:{application} */
    claimId: text('claim_id'),
    caseId: integer('case_id').references(() => cases.id),
    batchLineId: integer('batch_line_id').references((): AnyPgColumn => batchLines.id),
    reversesId: bigint('reverses_id', { mode: 'number' }).references((): AnyPgColumn => ledgerTransfers.id),
    note: text('note'),
    at: created('at'),
    createdBy: text('created_by').notNull().default(sql`nullif(current_setting('jiangbu.actor', true), '')`),
  },
  (t) => [
    check('ledger_transfer_kind', inList(t.kind, TRANSFER_KINDS)),
    check('ledger_transfer_amount', sql`${t.amount} > 0`),
    check('ledger_transfer_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('ledger_transfer_reverses', sql`(${t.kind} = 'reverse') = (${t.reversesId} is not null)`),
    uniqueIndex('ledger_transfer_pay_once').on(t.claimId).where(sql`${t.kind} = 'pay'`),
    uniqueIndex('ledger_transfer_reversed_once').on(t.reversesId),
    index('ledger_transfer_claim').on(t.claimId),
    index('ledger_transfer_debit').on(t.debitAccountId),
    index('ledger_transfer_credit').on(t.creditAccountId),
  ],
);

export const CLAIM_STATES = ['reserved', 'paid', 'voided'] as const;

/**
 * A payment claim: one per programme, subject and period (its deterministic id), made when the housing
 * bureau approves a result. Its state follows the ledger: reserved at approval, paid with the bank's
 * confirmation, voided by a rejection, an upheld objection or a bank failure (reserved again when decided
 * again or taken into a later batch). That a batch holds it is not a state of its own: it is read from its
 * live (pending) batch line — writing it into every claim doubled a settlement's cost at national scale
 * (docs/domain.md "Settlement at national scale").
 */
export const paymentClaims = pgTable(
  'payment_claim',
  {
    claimId: text('claim_id').primaryKey(),
    programme: text('programme', { enum: PROGRAMMES }).notNull(),
    /** the subject and period as `calc --db` names them (period null for W and F) */
    subject: text('subject').notNull(),
    period: text('period'),
    year: integer('year').notNull(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    payeeType: text('payee_type', { enum: ['company', 'committee', 'community'] }).notNull(),
    payeeCode: text('payee_code').notNull(),
    amount: fen('amount').notNull(),
    state: text('state', { enum: CLAIM_STATES }).notNull(),
    /** why the last bank attempt failed or the money came back */
    lastFailure: text('last_failure'),
    ...tracked(),
  },
  (t) => [
    check('payment_claim_state', inList(t.state, CLAIM_STATES)),
    check('payment_claim_amount', sql`${t.amount} > 0`),
    index('payment_claim_ready').on(t.programme, t.year, t.state),
  ],
);

export const BATCH_STATES = ['draft', 'approved', 'settled', 'cancelled'] as const;

/**
 * A settlement batch: the payable lines of a programme and period no earlier batch holds, frozen —
 * amount, explanation, paramsHash. Finance approves it (with its password), the bank file goes out, the
 * bank's answer comes back line by line; when every line has its answer the batch is settled.
 */
export const settlementBatches = pgTable(
  'settlement_batch',
  {
    id: serial('id').primaryKey(),
    batchNo: text('batch_no').notNull().unique(),
    programme: text('programme', { enum: PROGRAMMES }).notNull(),
    /** 2025H1 for T, 2025 for W and F */
    period: text('period').notNull(),
    asOf: day('as_of').notNull(),
    state: text('state', { enum: BATCH_STATES }).notNull().default('draft'),
    lineCount: integer('line_count').notNull(),
    total: fen('total').notNull(),
    policy: jsonb('policy').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: stamp('approved_at'),
    ...tracked(),
  },
  (t) => [
    check('settlement_batch_state', inList(t.state, BATCH_STATES)),
    check('settlement_batch_period', sql`${t.period} ~ '^[0-9]{4}(H[12])?$'`),
    check('settlement_batch_approved', sql`(${t.state} in ('draft', 'cancelled')) or (${t.approvedBy} is not null)`),
  ],
);

export const LINE_RESULTS = ['pending', 'paid', 'failed', 'returned'] as const;

/** A line of a batch: one claim, its payee's account as it stood, the amount and its explanation, frozen. */
export const batchLines = pgTable(
  'settlement_batch_line',
  {
    id: serial('id').primaryKey(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => settlementBatches.id),
    seq: integer('seq').notNull(),
    claimId: text('claim_id')
      .notNull()
      .references(() => paymentClaims.claimId),
    /** the claim's case, copied for the readers of a batch; no foreign key: the claim's own case_id has
     * one, and checking it for each of a national batch's lines cost half the settlement's writes */
    caseId: integer('case_id').notNull(),
    subject: text('subject').notNull(),
    subjectName: text('subject_name').notNull(),
    period: text('period'),
    payeeType: text('payee_type').notNull(),
    payeeCode: text('payee_code').notNull(),
    payeeName: text('payee_name').notNull(),
    bankName: text('bank_name'),
    accountName: text('account_name').notNull(),
    accountNo: text('account_no').notNull(),
    amount: fen('amount').notNull(),
    /** the engine's line and explanation (zh, en) at settlement */
    explanation: jsonb('explanation').notNull(),
    paramsHash: text('params_hash').notNull(),
    result: text('result', { enum: LINE_RESULTS }).notNull().default('pending'),
    resultReason: text('result_reason'),
    resultAt: stamp('result_at'),
    resultBy: text('result_by'),
  },
  (t) => [
    check('settlement_batch_line_result', inList(t.result, LINE_RESULTS)),
    check('settlement_batch_line_amount', sql`${t.amount} > 0`),
    uniqueIndex('settlement_batch_line_seq').on(t.batchId, t.seq),
    // a claim is in one live line at a time: only a failed or returned line lets it into a later batch
    uniqueIndex('settlement_batch_line_live').on(t.claimId).where(sql`${t.result} in ('pending', 'paid')`),
  ],
);

/**
 * An owners' committee's use of its grant (clause 3.3): each is a `spend` transfer out of the committee's
 * received-grant account, which may not be overdrawn — the balance can never go below zero. Public.
 */
export const committeeSpending = pgTable(
  'committee_spending',
  {
    id: serial('id').primaryKey(),
    committeeId: integer('committee_id')
      .notNull()
      .references(() => committees.id),
    spentOn: day('spent_on').notNull(),
    item: text('item').notNull(),
    amount: fen('amount').notNull(),
    receiptAttachmentId: integer('receipt_attachment_id').references(() => attachments.id),
    transferId: bigint('transfer_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerTransfers.id),
    ...tracked(),
  },
  (t) => [check('committee_spending_amount', sql`${t.amount} > 0`), index('committee_spending_committee').on(t.committeeId)],
);
