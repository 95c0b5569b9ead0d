/**
 * Step 3 — people and process (docs/domain.md): accounts and sessions, cases with their history and
 * attachments, the assessment sheet, public notices (公示) and objections.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { created, day, inList, money, stamp, tracked } from './columns.ts';
import {
  attachments,
  committees,
  communities,
  companies,
  compounds,
  engagements,
  facilityApplications,
  rosterChanges,
} from './schema-registry.ts';

export const ROLE_NAMES = ['admin', 'auditor', 'bureau', 'finance', 'community', 'company', 'committee'] as const;

/**
 * An account. A community, company or committee account is bound to its organisation: the data scope
 * of everything it reads and does. Passwords are argon2id hashes; the last five are kept (no reuse).
 */
export const appUsers = pgTable(
  'app_user',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name'),
    role: text('role', { enum: ROLE_NAMES }).notNull(),
    communityId: integer('community_id').references(() => communities.id),
    companyId: integer('company_id').references(() => companies.id),
    committeeId: integer('committee_id').references(() => committees.id),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: stamp('password_changed_at').notNull(),
    /** a one-time password: every route but the password change answers 403 until it is changed */
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    /** locked after repeated failed logins, until then */
    lockedUntil: stamp('locked_until'),
    /** locked by an administrator, until unlocked */
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: stamp('last_login_at'),
    ...tracked(),
  },
  (t) => [
    uniqueIndex('app_user_username').on(sql`lower(${t.username})`),
    check('app_user_role', inList(t.role, ROLE_NAMES)),
    check(
      'app_user_scope',
      sql`(${t.role} = 'community') = (${t.communityId} is not null) and (${t.role} = 'company') = (${t.companyId} is not null) and (${t.role} = 'committee') = (${t.committeeId} is not null)`,
    ),
    check('app_user_username_shape', sql`${t.username} ~ '^[A-Za-z0-9_.@-]{3,64}$'`),
  ],
);

export const passwordHistory = pgTable(
  'password_history',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => appUsers.id),
    hash: text('hash').notNull(),
    setAt: created('set_at'),
  },
  (t) => [index('password_history_user').on(t.userId, t.setAt)],
);

/**
 * A signed-in session, in the database so that several instances share it. The cookie holds a random
 * token; only its sha256 is stored. Ends on logout, after the idle timeout or at the absolute expiry.
 */
export const sessions = pgTable(
  'session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => appUsers.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: stamp('created_at').notNull(),
    lastSeenAt: stamp('last_seen_at').notNull(),
    expiresAt: stamp('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    endedAt: stamp('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('session_user').on(t.userId), check('session_token_hash', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`)],
);

/** The kinds of case: the workflows of src/workflow/. */
export const CASE_TYPES = ['takeover', 'claim', 'grant', 'facility', 'rectification', 'roster'] as const;

/**
 * An application and its decision (docs/domain.md "Workflows"): a case number, the applying organisation,
 * a state, the form (draft fields), comments per field from the last return (补正), and — from the
 * decision on — the engine's line, explanation and paramsHash, frozen. The duplicates the policy forbids
 * are refused by the database: one claim per engagement and half-year, one committee grant per compound,
 * one takeover case per engagement, one case per facility application (unless the bureau overrides,
 * with a reason).
 */
export const cases = pgTable(
  'case',
  {
    id: serial('id').primaryKey(),
    caseNo: text('case_no').notNull().unique(),
    type: text('type', { enum: CASE_TYPES }).notNull(),
    state: text('state').notNull(),
    /** the community the case belongs to (data scope), from its compound */
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    applicantType: text('applicant_type', { enum: ['community', 'company', 'committee', 'bureau'] }).notNull(),
    companyId: integer('company_id').references(() => companies.id),
    committeeId: integer('committee_id').references(() => committees.id),
    engagementId: integer('engagement_id').references(() => engagements.id),
    period: text('period'),
    /** for a claim grouping, the year of a rectification */
    year: integer('year'),
    facilityApplicationId: integer('facility_application_id').references(() => facilityApplications.id),
    rosterChangeId: integer('roster_change_id').references(() => rosterChanges.id),
    /** the fields of the application as the applicant fills them (and edits them after a return) */
    form: jsonb('form').notNull().default({}),
    /** the reviewer's comments per field from the last return (补正) */
    fieldComments: jsonb('field_comments'),
    /** frozen at the decision: the engine's line, its explanation, paramsHash, policy and code version */
    decision: jsonb('decision'),
    amount: money('amount'),
    /** when the step the case waits for is due */
    dueOn: day('due_on'),
    submittedAt: stamp('submitted_at'),
    decidedAt: stamp('decided_at'),
    noticeId: integer('notice_id').references((): AnyPgColumn => publicNotices.id),
    /** the bureau's written reason for letting a duplicate through */
    overrideReason: text('override_reason'),
    ...tracked(),
  },
  (t) => [
    check('case_type', inList(t.type, CASE_TYPES)),
    check('case_period', sql`${t.period} is null or ${t.period} ~ '^[0-9]{4}H[12]$'`),
    check('case_no_shape', sql`${t.caseNo} ~ '^JB-[0-9]{4}-[TWFR]-[0-9]{6}$'`),
    check('case_claim_subject', sql`${t.type} <> 'claim' or (${t.engagementId} is not null and ${t.period} is not null)`),
    uniqueIndex('case_claim_once')
      .on(t.engagementId, t.period)
      .where(sql`${t.type} = 'claim' and ${t.state} <> 'rejected' and ${t.overrideReason} is null`),
    uniqueIndex('case_grant_once')
      .on(t.compoundId)
      .where(sql`${t.type} = 'grant' and ${t.state} <> 'rejected' and ${t.overrideReason} is null`),
    uniqueIndex('case_takeover_once')
      .on(t.engagementId)
      .where(sql`${t.type} = 'takeover' and ${t.engagementId} is not null and ${t.state} <> 'rejected'`),
    uniqueIndex('case_facility_once')
      .on(t.facilityApplicationId)
      .where(sql`${t.type} = 'facility' and ${t.facilityApplicationId} is not null and ${t.state} <> 'rejected'`),
    index('case_state').on(t.type, t.state),
    index('case_community').on(t.communityId),
  ],
);

/** A case's history: who moved it, when, from which state to which, and why. Append-only. */
export const caseEvents = pgTable(
  'case_event',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: stamp('at').notNull(),
    username: text('username').notNull(),
    role: text('role').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    comment: text('comment'),
    fieldComments: jsonb('field_comments'),
  },
  (t) => [index('case_event_case').on(t.caseId, t.id)],
);

export const caseAttachments = pgTable(
  'case_attachment',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    attachmentId: integer('attachment_id')
      .notNull()
      .references(() => attachments.id),
    /** what the file is: contract, commitment, evidence, invoice, photo, funding, other */
    kind: text('kind').notNull(),
    ...tracked(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.attachmentId] })],
);

/** An invoice of a facility subsidy application: its number is used once (unless the bureau overrides). */
export const facilityInvoices = pgTable(
  'facility_invoice',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    invoiceNo: text('invoice_no').notNull(),
    amount: money('amount').notNull(),
    issuedOn: day('issued_on'),
    overrideReason: text('override_reason'),
    ...tracked(),
  },
  (t) => [
    uniqueIndex('facility_invoice_no_once').on(t.invoiceNo).where(sql`${t.overrideReason} is null`),
    check('facility_invoice_amount', sql`${t.amount} > 0`),
  ],
);

/**
 * The half-year assessment sheet (考核评分表): 100 points in items, each scored by the bureau, the
 * community or the owners' committee. A new sheet from a date is a new row.
 */
export const assessmentSheets = pgTable('assessment_sheet', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  effectiveFrom: day('effective_from').notNull().unique(),
  /** [{key, label, max, scorer: 'bureau' | 'community' | 'committee'}], the maxima summing to 100 */
  items: jsonb('items').notNull(),
  ...tracked(),
});

/** A public notice (公示): results approved for payment, open to objections until it closes. */
export const publicNotices = pgTable(
  'public_notice',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    programme: text('programme', { enum: ['T', 'W', 'F'] }).notNull(),
    publishedOn: day('published_on').notNull(),
    /** the last day objections are taken (notice.days, D-16) */
    closesOn: day('closes_on').notNull(),
    /** when the bureau closed it after closesOn: clean results became payable */
    closedAt: stamp('closed_at'),
    ...tracked(),
  },
  (t) => [check('public_notice_dates', sql`${t.closesOn} >= ${t.publishedOn}`)],
);

export const OBJECTION_STATES = ['open', 'upheld', 'dismissed'] as const;

/** An objection to a published result, from anyone, with a contact; the bureau's resolution is published. */
export const objections = pgTable(
  'objection',
  {
    id: serial('id').primaryKey(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => publicNotices.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    name: text('name').notNull(),
    contact: text('contact').notNull(),
    text: text('text').notNull(),
    lodgedAt: stamp('lodged_at').notNull(),
    ip: text('ip'),
    status: text('status', { enum: OBJECTION_STATES }).notNull().default('open'),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    resolvedAt: stamp('resolved_at'),
  },
  (t) => [
    check('objection_status', inList(t.status, OBJECTION_STATES)),
    check(
      'objection_resolved',
      sql`(${t.status} = 'open') = (${t.resolvedBy} is null and ${t.resolvedAt} is null and ${t.resolution} is null)`,
    ),
    index('objection_case').on(t.caseId),
  ],
);

/** Case numbers: one counter per year and programme letter (JB-2025-F-000123). */
export const caseCounters = pgTable(
  'case_counter',
  {
    year: integer('year').notNull(),
    letter: text('letter').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.letter] })],
);
