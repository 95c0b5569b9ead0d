/**
 * The calculation scenario (docs/calc-format.md) as one zod schema: the single source of its shape, its
 * JSON Schema (`jiangbu schema`) and the server's request body. Error messages are codes from
 * `problems.ts`, rendered in zh-CN or English by the caller.
 */
import { z } from 'zod';
import { parseDay } from '../dates/date.ts';

type IssueInput = { input?: unknown };
const typeError = (expected: string) => (iss: IssueInput) => (iss.input === undefined ? 'required' : `type.${expected}`);

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Money, ratios and prices ≥ 0 as decimal strings: a JSON number is refused, never rounded. */
export const decimalString = z
  .string({
    error: (iss) => (iss.input === undefined ? 'required' : typeof iss.input === 'number' ? 'decimal.number' : 'type.decimal'),
  })
  .regex(DECIMAL, { error: 'decimal.format', abort: true })
  .refine((s) => !s.startsWith('-'), { error: 'decimal.negative', abort: true })
  .meta({ description: 'decimal string ≥ 0, e.g. "12000.00"', examples: ['12000.00'] });

export const areaString = decimalString
  .refine((s) => /[1-9]/.test(s), { error: 'area.positive' })
  .meta({ description: 'managed area in m², a decimal string > 0', examples: ['12000.00'] });

export const dateString = z
  .string({ error: typeError('date') })
  .refine((s) => parseDay(s) !== null, { error: 'date.invalid' })
  .meta({ description: 'calendar date YYYY-MM-DD', format: 'date', examples: ['2025-03-31'] });

const id = z.string({ error: typeError('string') }).min(1, { error: 'id.empty' });
const bool = z.boolean({ error: typeError('boolean') });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: typeError('array') }).nullish();
const object = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, { error: typeError('object') });

export const periodString = z
  .string({ error: typeError('period') })
  .regex(/^\d{4}H[12]$/, { error: 'period.invalid' })
  .meta({ description: 'half-year: YYYYH1 (Jan–Jun) or YYYYH2 (Jul–Dec)', examples: ['2024H1'] });

export const compoundSchema = object({
  id,
  name: z.string({ error: typeError('string') }),
  communityId: id,
  kind: z.enum(['compound', 'scattered'], { error: 'kind.invalid' }),
  area: areaString,
  households: z
    .number({ error: typeError('integer') })
    .int({ error: 'integer.whole' })
    .min(0, { error: 'integer.negative' }),
  onRoster2023: bool,
});

const score = z
  .number({ error: typeError('number') })
  .min(0, { error: 'score.range' })
  .max(100, { error: 'score.range' })
  .refine((x) => /^\d+(\.\d{1,2})?$/.test(String(x)), { error: 'score.decimals' });

export const periodFactsSchema = object({
  period: periodString,
  committeeSupport: bool,
  enhancedServices: bool,
  basicServices: bool,
  feesReceivableOccupied: decimalString,
  feesCollected: decimalString,
  feeStandard: decimalString,
  // Unknown is not 0: a price of "0" fails the fee ratio, an unknown one leaves it unestablished.
  marketPrice: decimalString.nullish().meta({
    description:
      'market reference price of similar compounds (yuan/m²/month), a decimal string ≥ 0; null or omitted: unknown — the fee ratio is not established, so the period does not reach tier 1',
    examples: ['1.20'],
  }),
  assessmentScore: score.nullish(),
});

export const rectificationSchema = object({
  year: z
    .number({ error: typeError('integer') })
    .int({ error: 'integer.whole' })
    .min(1900, { error: 'year.range' })
    .max(9999, { error: 'year.range' }),
  outcome: z.enum(['rectified', 'failed', 'refused'], { error: 'outcome.invalid' }),
  decidedOn: dateString,
});

export const engagementSchema = object({
  id,
  compoundId: id,
  companyId: id,
  entryDate: dateString,
  contractSigned: dateString.nullish(),
  commitmentSigned: dateString.nullish(),
  endDate: dateString.nullish(),
  periods: list(periodFactsSchema),
  rectifications: list(rectificationSchema),
});

export const committeeSchema = object({
  id,
  compoundId: id,
  established: dateString,
  serviceContractSigned: dateString.nullish(),
  operatingNormally: bool,
  reviewApproved: bool,
});

export const facilityApplicationSchema = object({
  id,
  compoundId: id,
  submitted: dateString,
  accepted: dateString.nullish(),
  category: z.string({ error: typeError('string') }),
  investment: decimalString,
  committeeEstablished: bool,
  collectionRate: decimalString,
  feeRatio: decimalString,
});

export const scenarioSchema = object({
  asOf: dateString,
  compounds: z.array(compoundSchema, { error: typeError('array') }),
  engagements: list(engagementSchema),
  committees: list(committeeSchema),
  facilityApplications: list(facilityApplicationSchema),
}).meta({ title: 'jiangbu calculation scenario', description: 'docs/calc-format.md: the input of `jiangbu calc` and POST /api/calc' });

export type Scenario = z.infer<typeof scenarioSchema>;
export type CompoundInput = z.infer<typeof compoundSchema>;
export type EngagementInput = z.infer<typeof engagementSchema>;
export type PeriodFactsInput = z.infer<typeof periodFactsSchema>;
export type RectificationInput = z.infer<typeof rectificationSchema>;
export type CommitteeInput = z.infer<typeof committeeSchema>;
export type FacilityApplicationInput = z.infer<typeof facilityApplicationSchema>;

export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
