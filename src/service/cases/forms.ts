/**
 * What each kind of application asks for: its form's fields (strict: an unknown field is refused), the
 * fields that name the subject (fixed when the case is opened), what must be filled and attached before
 * it can be submitted. Values are decimal strings and dates as everywhere (docs/calc-format.md).
 */
import { z } from 'zod';
import { areaString, dateString, decimalString, periodString } from '../../rules/scenario/schema.ts';
import type { CaseType } from '../../workflow/index.ts';

const bool = z.boolean();
const ratio = decimalString;
const invoice = z.strictObject({ invoiceNo: z.string().min(1).max(64), amount: decimalString, issuedOn: dateString.optional() });

export const FORMS = {
  takeover: z.strictObject({
    compoundCode: z.string().min(1),
    entryDate: dateString.optional(),
    contractSigned: dateString.optional(),
    commitmentSigned: dateString.optional(),
  }),
  claim: z.strictObject({
    engagementCode: z.string().min(1),
    period: periodString,
    committeeSupport: bool.optional(),
    enhancedServices: bool.optional(),
    basicServices: bool.optional(),
    feesReceivableOccupied: decimalString.optional(),
    feesCollected: decimalString.optional(),
    feeStandard: decimalString.optional(),
    marketPrice: decimalString.optional(),
  }),
  grant: z.strictObject({ committeeCode: z.string().min(1), note: z.string().max(2000).optional() }),
  facility: z.strictObject({
    compoundCode: z.string().min(1),
    category: z.string().min(1).optional(),
    description: z.string().max(2000).optional(),
    acceptedOn: dateString.optional(),
    investment: decimalString.optional(),
    fundingResidents: decimalString.optional(),
    fundingCompany: decimalString.optional(),
    fundingCommunity: decimalString.optional(),
    fundingOther: decimalString.optional(),
    collectionRate: ratio.optional(),
    feeRatio: ratio.optional(),
    invoices: z.array(invoice).max(200).optional(),
  }),
  rectification: z.strictObject({ engagementCode: z.string().min(1), year: z.number().int().min(2024).max(2100), deadline: dateString }),
  roster: z.strictObject({
    compoundCode: z.string().min(1),
    action: z.enum(['add', 'remove', 'amend']),
    reason: z.string().min(1).max(2000),
    values: z
      .strictObject({
        name: z.string().min(1).optional(),
        kind: z.enum(['compound', 'scattered']).optional(),
        area: areaString.optional(),
        households: z.number().int().min(0).max(100000).optional(),
      })
      .optional(),
    evidenceAttachmentId: z.number().int().positive(),
  }),
} as const satisfies Record<CaseType, z.ZodType>;

export type Form<T extends CaseType> = z.infer<(typeof FORMS)[T]>;

/** The fields that name the subject: set when the case is opened, never edited. */
export const SUBJECT_FIELDS: Record<CaseType, readonly string[]> = {
  takeover: ['compoundCode'],
  claim: ['engagementCode', 'period'],
  grant: ['committeeCode'],
  facility: ['compoundCode'],
  rectification: ['engagementCode', 'year'],
  roster: ['compoundCode', 'action'],
};

/** What must be filled before a submission (the applicant is told each missing field). */
export const REQUIRED_ON_SUBMIT: Record<CaseType, readonly string[]> = {
  takeover: ['entryDate', 'contractSigned', 'commitmentSigned'],
  claim: ['committeeSupport', 'enhancedServices', 'basicServices', 'feesReceivableOccupied', 'feesCollected', 'feeStandard'],
  grant: [],
  facility: ['category', 'acceptedOn', 'investment', 'collectionRate', 'feeRatio', 'invoices'],
  rectification: [],
  roster: [],
};

/** The kinds of file a submission needs at least one of each. */
export const REQUIRED_ATTACHMENTS: Record<CaseType, readonly string[]> = {
  takeover: ['contract', 'commitment'],
  claim: ['evidence'],
  grant: [],
  facility: ['invoice', 'photo'],
  rectification: [],
  roster: [],
};

export const ATTACHMENT_KINDS = ['contract', 'commitment', 'evidence', 'invoice', 'photo', 'funding', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** The Chinese names of form fields and attachment kinds (src/workflow/labels.ts, shared with the console). */
export { FIELD_NAMES } from '../../workflow/labels.ts';
