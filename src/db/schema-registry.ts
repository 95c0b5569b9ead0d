/**
 * The registry (step 2), one schema for PGlite and PostgreSQL. Names follow docs/glossary.md.
 * Money numeric(14,2), areas numeric(12,2); rates, prices and ratios unconstrained numeric (it keeps the
 * scale it was given, so "0.60" stays "0.60"); dates are `date`, read and written as YYYY-MM-DD strings.
 * Natural keys for imports: community (subdistrict + name), compound (community + name), company (USCC),
 * committee (compound + date established). `code` is the stable external id (a scenario's ids).
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { area, bytea, created, DECISIONS, day, decided, decision, inList, KINDS, money, stamp, tracked } from './columns.ts';

export const subdistricts = pgTable('subdistrict', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull().unique(),
  ...tracked(),
});

export const communities = pgTable(
  'community',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    subdistrictId: integer('subdistrict_id').references(() => subdistricts.id),
    /** the community's own account: F subsidies are paid to it (clause 4.2) */
    bankName: text('bank_name'),
    bankAccountName: text('bank_account_name'),
    bankAccountNo: text('bank_account_no'),
    ...tracked(),
  },
  (t) => [unique('community_natural_key').on(t.subdistrictId, t.name)],
);

export const compounds = pgTable(
  'compound',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    address: text('address'),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    kind: text('kind', { enum: KINDS }).notNull(),
    area: area('managed_area').notNull(),
    households: integer('households').notNull(),
    occupiedHouseholds: integer('occupied_households'),
    /** market-price category (同类小区); whether it is managed follows from its engagements */
    category: text('category'),
    ...tracked(),
  },
  (t) => [
    unique('compound_natural_key').on(t.communityId, t.name),
    check('compound_kind', inList(t.kind, KINDS)),
    check('compound_area_positive', sql`${t.area} > 0`),
    check(
      'compound_households',
      sql`${t.households} >= 0 and (${t.occupiedHouseholds} is null or ${t.occupiedHouseholds} between 0 and ${t.households})`,
    ),
  ],
);

/**
 * The 2023 roster: a snapshot of the unmanaged compounds at 2023-12-31. Once sealed a row can be
 * neither updated nor deleted (a database trigger, migration 0001); a correction is a roster_change
 * that, once approved, appends a new row superseding the old one.
 */
export const roster2023 = pgTable(
  'roster2023_entry',
  {
    id: serial('id').primaryKey(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    name: text('name').notNull(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    kind: text('kind', { enum: KINDS }).notNull(),
    area: area('managed_area').notNull(),
    households: integer('households').notNull(),
    /** a correction that takes the compound off the roster */
    removed: boolean('removed').notNull().default(false),
    supersedesId: integer('supersedes_id').references((): AnyPgColumn => roster2023.id),
    changeId: integer('change_id').references((): AnyPgColumn => rosterChanges.id),
    sealed: boolean('sealed').notNull().default(false),
    createdBy: text('created_by').notNull().default(sql`nullif(current_setting('jiangbu.actor', true), '')`),
    createdAt: created(),
  },
  (t) => [
    index('roster2023_compound').on(t.compoundId),
    unique('roster2023_supersedes_once').on(t.supersedesId),
    check('roster2023_kind', inList(t.kind, KINDS)),
    check('roster2023_area_positive', sql`${t.area} > 0`),
    check('roster2023_households', sql`${t.households} >= 0`),
  ],
);

/**
 * The registry as a whole: whether it was filled by `seed` (a demo or test database, which a later
 * seed may replace) and when the 2023 roster was sealed (after that, only approved roster changes add,
 * remove or amend entries). One row.
 */
export const registryMeta = pgTable(
  'registry_meta',
  {
    id: integer('id').primaryKey().default(1),
    seededWith: text('seeded_with', { enum: ['demo', 'scenario', 'synthetic'] }),
    seededAt: stamp('seeded_at'),
    rosterSealedAt: stamp('roster_sealed_at'),
    rosterSealedBy: text('roster_sealed_by'),
  },
  (t) => [
    check('registry_meta_one_row', sql`${t.id} = 1`),
    check('registry_meta_seeded_with', sql`${t.seededWith} is null or ${inList(t.seededWith, ['demo', 'scenario', 'synthetic'])}`),
    check('registry_meta_sealed_by', sql`(${t.rosterSealedAt} is null) = (${t.rosterSealedBy} is null)`),
  ],
);

export const rosterChanges = pgTable(
  'roster_change',
  {
    id: serial('id').primaryKey(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    action: text('action', { enum: ['add', 'remove', 'amend'] }).notNull(),
    reason: text('reason').notNull(),
    /** the amended values (name, area, households, kind), for `amend` and `add` */
    values: jsonb('values'),
    /** the entry in force when the change was requested (null for `add`): a decision re-checks it */
    targetEntryId: integer('target_entry_id').references((): AnyPgColumn => roster2023.id),
    evidenceAttachmentId: integer('evidence_attachment_id')
      .notNull()
      .references(() => attachments.id),
    ...decision(),
  },
  (t) => [
    check('roster_change_action', inList(t.action, ['add', 'remove', 'amend'])),
    check('roster_change_status', inList(t.status, DECISIONS)),
    check('roster_change_decided', decided(t.status, t.decidedBy, t.decidedAt)),
    check('roster_change_target', sql`(${t.action} = 'add') = (${t.targetEntryId} is null)`),
  ],
);

export const companies = pgTable(
  'company',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** 统一社会信用代码, check digit validated by the application (GB 32100-2015) */
    uscc: text('uscc').unique(),
    bankName: text('bank_name'),
    bankAccountName: text('bank_account_name'),
    bankAccountNo: text('bank_account_no'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    ...tracked(),
  },
  (t) => [check('company_uscc_format', sql`${t.uscc} is null or ${t.uscc} ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`)],
);

/**
 * A change of a payee's bank account (company, or a committee's custodian account): requested, then
 * approved or rejected by the housing bureau; old and new values kept. Until approved, payments use
 * the account on record. One open request per payee.
 */
export const accountChanges = pgTable(
  'account_change',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id').references(() => companies.id),
    committeeId: integer('committee_id').references((): AnyPgColumn => committees.id),
    oldBankName: text('old_bank_name'),
    oldAccountName: text('old_account_name'),
    oldAccountNo: text('old_account_no'),
    bankName: text('bank_name'),
    accountName: text('account_name').notNull(),
    accountNo: text('account_no').notNull(),
    source: text('source'),
    ...decision(),
  },
  (t) => [
    check('account_change_payee', sql`(${t.companyId} is null) <> (${t.committeeId} is null)`),
    check('account_change_status', inList(t.status, DECISIONS)),
    check('account_change_decided', decided(t.status, t.decidedBy, t.decidedAt)),
    uniqueIndex('account_change_open_company').on(t.companyId).where(sql`${t.status} = 'requested' and ${t.companyId} is not null`),
    uniqueIndex('account_change_open_committee').on(t.committeeId).where(sql`${t.status} = 'requested' and ${t.committeeId} is not null`),
  ],
);

/** A company's takeover of a compound (承接). */
export const engagements = pgTable(
  'engagement',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id),
    entryDate: day('entry_date').notNull(),
    contractSigned: day('contract_signed'),
    commitmentSigned: day('commitment_signed'),
    endDate: day('end_date'),
    ...tracked(),
  },
  (t) => [
    index('engagement_compound').on(t.compoundId),
    check('engagement_end_after_entry', sql`${t.endDate} is null or ${t.endDate} >= ${t.entryDate}`),
  ],
);

/** Half-year facts of an engagement (docs/policy.md T.4). */
export const periodFacts = pgTable(
  'period_facts',
  {
    id: serial('id').primaryKey(),
    engagementId: integer('engagement_id')
      .notNull()
      .references(() => engagements.id),
    period: text('period').notNull(),
    committeeSupport: boolean('committee_support').notNull(),
    enhancedServices: boolean('enhanced_services').notNull(),
    basicServices: boolean('basic_services').notNull(),
    feesReceivableOccupied: money('fees_receivable_occupied').notNull(),
    feesCollected: money('fees_collected').notNull(),
    feeStandard: numeric('fee_standard').notNull(),
    /** the reference price used; null: look it up in market_price by the compound's category */
    marketPrice: numeric('market_price'),
    ...tracked(),
  },
  (t) => [
    unique('period_facts_once').on(t.engagementId, t.period),
    check('period_facts_period', sql`${t.period} ~ '^[0-9]{4}H[12]$'`),
    check(
      'period_facts_non_negative',
      sql`${t.feesReceivableOccupied} >= 0 and ${t.feesCollected} >= 0 and ${t.feeStandard} >= 0 and (${t.marketPrice} is null or ${t.marketPrice} >= 0)`,
    ),
  ],
);

/** Market reference prices of similar compounds (同类小区市场价格), kept by the housing bureau. */
export const marketPrices = pgTable(
  'market_price',
  {
    id: serial('id').primaryKey(),
    category: text('category').notNull(),
    price: numeric('price').notNull(),
    effectiveFrom: day('effective_from').notNull(),
    effectiveTo: day('effective_to'),
    source: text('source'),
    ...tracked(),
  },
  (t) => [
    unique('market_price_once').on(t.category, t.effectiveFrom),
    check('market_price_non_negative', sql`${t.price} >= 0`),
    check('market_price_dates', sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
  ],
);

/** Half-year assessment (考核) of an engagement. */
export const assessments = pgTable(
  'assessment',
  {
    id: serial('id').primaryKey(),
    engagementId: integer('engagement_id')
      .notNull()
      .references(() => engagements.id),
    period: text('period').notNull(),
    /** item → score */
    itemScores: jsonb('item_scores'),
    total: numeric('total', { precision: 5, scale: 2 }).notNull(),
    assessors: text('assessors'),
    assessedOn: day('assessed_on'),
    published: boolean('published').notNull().default(false),
    ...tracked(),
  },
  (t) => [unique('assessment_once').on(t.engagementId, t.period), check('assessment_total_range', sql`${t.total} between 0 and 100`)],
);

/** Rectification (整改) of a failed year; `outcome` null while ordered and not yet decided. */
export const rectifications = pgTable(
  'rectification',
  {
    id: serial('id').primaryKey(),
    engagementId: integer('engagement_id')
      .notNull()
      .references(() => engagements.id),
    year: integer('year').notNull(),
    orderedOn: day('ordered_on'),
    deadline: day('deadline'),
    outcome: text('outcome', { enum: ['rectified', 'failed', 'refused'] }),
    decidedOn: day('decided_on'),
    note: text('note'),
    ...tracked(),
  },
  (t) => [
    unique('rectification_once').on(t.engagementId, t.year),
    check('rectification_outcome', sql`${t.outcome} is null or ${inList(t.outcome, ['rectified', 'failed', 'refused'])}`),
    check('rectification_decided', sql`(${t.outcome} is null) = (${t.decidedOn} is null)`),
  ],
);

/** Owners' committee (业委会). */
export const committees = pgTable(
  'committee',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    established: day('established').notNull(),
    filingNo: text('filing_no'),
    custodianName: text('custodian_name'),
    custodianBankName: text('custodian_bank_name'),
    custodianAccountName: text('custodian_account_name'),
    custodianAccountNo: text('custodian_account_no'),
    members: jsonb('members'),
    /** the committee–company contract has run normally (docs/policy.md W.3) */
    operatingNormally: boolean('operating_normally').notNull().default(false),
    /** the housing bureau and the community approved the grant (docs/policy.md W.3) */
    reviewApproved: boolean('review_approved').notNull().default(false),
    ...tracked(),
  },
  (t) => [unique('committee_natural_key').on(t.compoundId, t.established)],
);

export const committeeContracts = pgTable(
  'committee_contract',
  {
    id: serial('id').primaryKey(),
    committeeId: integer('committee_id')
      .notNull()
      .references(() => committees.id),
    companyId: integer('company_id').references(() => companies.id),
    signedOn: day('signed_on').notNull(),
    endedOn: day('ended_on'),
    ...tracked(),
  },
  (t) => [check('committee_contract_dates', sql`${t.endedOn} is null or ${t.endedOn} >= ${t.signedOn}`)],
);

/** A facility upgrade (设施改造) of a compound, and what paid for it. */
export const facilityProjects = pgTable(
  'facility_project',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    category: text('category').notNull(),
    description: text('description'),
    acceptedOn: day('accepted_on'),
    investment: money('investment').notNull(),
    fundingResidents: money('funding_residents'),
    fundingCompany: money('funding_company'),
    fundingCommunity: money('funding_community'),
    fundingOther: money('funding_other'),
    ...tracked(),
  },
  (t) => [check('facility_project_investment', sql`${t.investment} >= 0`)],
);

export const facilityApplications = pgTable(
  'facility_application',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    projectId: integer('project_id')
      .notNull()
      .references(() => facilityProjects.id),
    submittedOn: day('submitted_on').notNull(),
    /**
     * Whether the compound has an owners' committee (docs/policy.md F.5) is the registry's fact — a committee
     * established by the submission date — and null here says so (every import). Only a seeded
     * scenario, whose applications state the fact themselves, records it.
     */
    committeeEstablished: boolean('committee_established'),
    collectionRate: numeric('collection_rate').notNull(),
    feeRatio: numeric('fee_ratio').notNull(),
    ...tracked(),
  },
  (t) => [check('facility_application_ratios', sql`${t.collectionRate} >= 0 and ${t.feeRatio} >= 0`)],
);

/** Files (evidence, invoices, contracts): content addressed by sha256, stored once. */
export const attachmentBlobs = pgTable('attachment_blob', {
  sha256: text('sha256').primaryKey(),
  content: bytea('content').notNull(),
});

export const attachments = pgTable(
  'attachment',
  {
    id: serial('id').primaryKey(),
    sha256: text('sha256')
      .notNull()
      .references(() => attachmentBlobs.sha256),
    size: bigint('size', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    fileName: text('file_name').notNull(),
    // an attachment names no owner: what it belongs to refers to it by a foreign key
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: created('uploaded_at'),
  },
  (t) => [check('attachment_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`), check('attachment_size', sql`${t.size} > 0`)],
);

export const surveys = pgTable('survey', {
  id: serial('id').primaryKey(),
  compoundId: integer('compound_id')
    .notNull()
    .references(() => compounds.id),
  period: text('period').notNull(),
  title: text('title').notNull(),
  opensOn: day('opens_on').notNull(),
  closesOn: day('closes_on'),
  ...tracked(),
});

/** Satisfaction, 5 levels: 1 非常满意 … 5 非常不满意 (D-20: levels 1–3 count as satisfied). */
export const surveyResponses = pgTable(
  'survey_response',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    householdCode: text('household_code').notNull(),
    level: integer('level').notNull(),
    answeredOn: day('answered_on').notNull(),
  },
  (t) => [unique('survey_response_once').on(t.surveyId, t.householdCode), check('survey_response_level', sql`${t.level} between 1 and 5`)],
);

/** Yearly appropriation per programme (and, for F, optionally per community). */
export const budgets = pgTable(
  'budget',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    programme: text('programme', { enum: ['T', 'W', 'F'] }).notNull(),
    communityId: integer('community_id').references(() => communities.id),
    amount: money('amount').notNull(),
    ...tracked(),
  },
  (t) => [
    unique('budget_once').on(t.year, t.programme, t.communityId).nullsNotDistinct(),
    check('budget_amount', sql`${t.amount} >= 0`),
    check('budget_programme', inList(t.programme, ['T', 'W', 'F'])),
  ],
);

/** The audit chain's head: the last event's hash, locked by each append so the chain has one order. */
export const auditHead = pgTable(
  'audit_head',
  {
    id: integer('id').primaryKey().default(1),
    seq: bigint('seq', { mode: 'number' }),
    hash: text('hash'),
    /** after a retention purge: the last purged event, whose hash the first kept event links to */
    purgedThroughSeq: bigint('purged_through_seq', { mode: 'number' }),
    purgedHash: text('purged_hash'),
  },
  (t) => [check('audit_head_one_row', sql`${t.id} = 1`)],
);

/**
 * The audit trail: one row per state change, login, denied access, export or reveal of personal data,
 * written in the same transaction as what it records. Append-only (triggers refuse UPDATE, DELETE and
 * TRUNCATE, migration 0003) and hash-chained: `hash` = sha256 of the row's canonical content and the
 * previous row's hash (src/service/audit.ts).
 */
export const auditEvents = pgTable(
  'audit_event',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    username: text('username').notNull(),
    role: text('role').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    detail: jsonb('detail'),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull().unique(),
  },
  (t) => [
    check('audit_event_result', inList(t.result, ['ok', 'denied', 'failed'])),
    check('audit_event_hash', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
    index('audit_event_at').on(t.at),
    index('audit_event_object').on(t.objectType, t.objectId),
  ],
);
