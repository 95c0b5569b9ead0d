/**
 * What residents tell the platform without an account (docs/domain.md "Surveys and complaints"): the
 * one-time household codes of a satisfaction survey (满意度调查, clause 1, D-20) and complaints about
 * property service (报事, 物业服务纠纷, clause 3.3).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { created, day, inList, stamp } from './columns.ts';
import { compounds, surveys } from './schema-registry.ts';

/**
 * A one-time household code of a survey. Only a slow hash of the code is kept (src/service/surveys/codes.ts):
 * the code itself is printed once, at issue, and a copy of the database does not give away the unused ones.
 */
export const surveyCodes = pgTable(
  'survey_code',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    /** hex of the code's hash; also the answer's `survey_response.household_code` */
    codeHash: text('code_hash').notNull(),
    issuedBy: text('issued_by').notNull().default(sql`nullif(current_setting('jiangbu.actor', true), '')`),
    issuedAt: created('issued_at'),
    /** when the household answered with it: a code is used once */
    usedAt: stamp('used_at'),
  },
  (t) => [
    uniqueIndex('survey_code_hash').on(t.codeHash),
    index('survey_code_survey').on(t.surveyId),
    check('survey_code_hash_hex', sql`${t.codeHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const COMPLAINT_CATEGORIES = ['cleaning', 'repair', 'security', 'fees', 'service', 'other'] as const;
export const COMPLAINT_STATES = ['open', 'acknowledged', 'resolved'] as const;

/** A resident's complaint about a compound's property service; its community handles it (clause 3.3). */
export const complaints = pgTable(
  'complaint',
  {
    id: serial('id').primaryKey(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    category: text('category', { enum: COMPLAINT_CATEGORIES }).notNull(),
    text: text('text').notNull(),
    /** how to reach the resident (optional): shown in clear to the community handling it only */
    contact: text('contact'),
    lodgedAt: stamp('lodged_at').notNull(),
    /** the day it was lodged, Beijing time: the half-year it counts in */
    lodgedOn: day('lodged_on').notNull(),
    ip: text('ip'),
    status: text('status', { enum: COMPLAINT_STATES }).notNull().default('open'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: stamp('acknowledged_at'),
    acknowledgement: text('acknowledgement'),
    resolvedBy: text('resolved_by'),
    resolvedAt: stamp('resolved_at'),
    resolution: text('resolution'),
  },
  (t) => [
    check('complaint_category', inList(t.category, COMPLAINT_CATEGORIES)),
    check('complaint_status', inList(t.status, COMPLAINT_STATES)),
    check('complaint_text', sql`char_length(${t.text}) between 1 and 1000`),
    check('complaint_contact', sql`${t.contact} is null or char_length(${t.contact}) between 1 and 50`),
    check(
      'complaint_acknowledged',
      sql`(${t.acknowledgedAt} is null) = (${t.acknowledgedBy} is null and ${t.acknowledgement} is null)
        and (${t.status} <> 'acknowledged' or ${t.acknowledgedAt} is not null)`,
    ),
    check(
      'complaint_resolved',
      sql`(${t.status} = 'resolved') = (${t.resolvedBy} is not null and ${t.resolvedAt} is not null and ${t.resolution} is not null)`,
    ),
    index('complaint_compound_day').on(t.compoundId, t.lodgedOn),
    index('complaint_unresolved').on(t.status).where(sql`${t.status} <> 'resolved'`),
  ],
);
