/**
 * Programme T's inputs as columns: one typed array per field, one entry per engagement (and per
 * recorded half-year, and per rectification record), so a settlement over millions of
 * engagement-periods reads numbers and allocates nothing per line.
 *
 * Values are kept exactly: dates as day numbers, decimals as safe-integer digits with their own
 * number of decimals (value = units / 10^scale, so "1.5" and "1.50" stay what they were), scores as
 * hundredths (as the engine reads them) beside the number given. A value the columns cannot hold
 * exactly (over 16 characters or a safe integer, a leading zero such as "012.50", a score out of
 * 0–100) is kept as given in `raw`, and its engagement is marked for the ordinary engine
 * (`fallback`): results stay identical, only slower.
 */
import type { Day } from '../dates/date.ts';
import type { CompoundInput, EngagementInput, PeriodFactsInput, RectificationInput, Scenario } from '../scenario/schema.ts';
import { dayNumber as parseDayNumber, decimalInto as parseDecimalInto, periodNumber as parsePeriodNumber } from './parse.ts';

/** A missing date (no contract, no end date …). */
export const NO_DAY = -2147483648;
/** The scale of a decimal that is not there (an unknown market price). */
export const UNKNOWN = 255;
/** A score that is not there. */
export const NO_SCORE = -1;

export const FACT = { committeeSupport: 1, enhancedServices: 2, basicServices: 4 } as const;
export const OUTCOME = { rectified: 0, failed: 1, refused: 2 } as const;

/**
 * What one engagement brings: the engagement and the compound fields programme T reads. Dates are
 * `YYYY-MM-DD` (or day numbers), decimals are decimal strings, all as docs/calc-format.md has them.
 */
export interface EngagementRow {
  engagementId: string;
  compoundId: string;
  companyId?: string | null;
  kind: 'compound' | 'scattered';
  /** the compound's managed area, m² */
  area: string;
  onRoster2023: boolean;
  entryDate: string | Day;
  contractSigned?: string | Day | null;
  commitmentSigned?: string | Day | null;
  endDate?: string | Day | null;
  /** the engagement's rectification records (read once per engagement) */
  rectifications?: readonly RectificationInput[] | null;
}

/** The facts of one half-year, as docs/calc-format.md `periods[]`. */
export type PeriodFactsRow = PeriodFactsInput;

/**
 * One row of `engagements LEFT JOIN period facts`, ordered by engagement: the engagement's fields
 * on every row, and either the facts of one half-year (`period` and every fact field as in
 * docs/calc-format.md) or `period` null when none is recorded. A new engagement starts where
 * `engagementId` changes; its rectifications are read from its first row.
 */
export type TakeoverRow = EngagementRow & {
  period: string | null;
} & Partial<Omit<PeriodFactsInput, 'period'>>;

/** The columns, trimmed to their length. Engagement `e`'s facts are rows factsStart[e] … factsStart[e+1]-1. */
export interface TakeoverColumns {
  /** the evaluation date the rows came with, if any (settleT may be given another) */
  asOf: Day | null;
  engagements: number;
  engagementId: string[];
  compoundId: string[];
  companyId: (string | null)[];
  /** 1: scattered buildings (零散楼栋), 0: a compound */
  scattered: Uint8Array;
  onRoster2023: Uint8Array;
  area: Float64Array;
  areaScale: Uint8Array;
  entry: Int32Array;
  contract: Int32Array;
  commitment: Int32Array;
  end: Int32Array;
  /** 1: computed by the ordinary engine (a value in `raw`) */
  fallback: Uint8Array;
  factsStart: Int32Array;
  rectStart: Int32Array;

  facts: number;
  /** period index (2024H1 → 4048, see dates/period.ts) */
  period: Int32Array;
  /** FACT bits */
  services: Uint8Array;
  receivable: Float64Array;
  receivableScale: Uint8Array;
  collected: Float64Array;
  collectedScale: Uint8Array;
  feeStandard: Float64Array;
  feeStandardScale: Uint8Array;
  marketPrice: Float64Array;
  /** UNKNOWN when the price is unknown */
  marketPriceScale: Uint8Array;
  /** hundredths of a point, NO_SCORE when not assessed */
  score: Int16Array;
  /** the score as given (the engine reads a JSON number as Math.round(x × 100) hundredths; explanations show x) */
  scoreAsGiven: Float64Array;

  rectYear: Int32Array;
  rectOutcome: Uint8Array;
  rectDecided: Int32Array;

  /** values as given that the columns do not hold: `${field}:${row}` → value */
  raw: Map<string, string | number>;
}

// copied once: under tsx every read of an imported binding is a getter call
const dayNumber = parseDayNumber;
const periodNumber = parsePeriodNumber;
const decimalInto = parseDecimalInto;

type Numeric = Float64Array | Int32Array | Int16Array | Uint8Array;
function grown<T extends Numeric>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

const dayOf = (d: string | Day | null | undefined): Day =>
  d === null || d === undefined ? NO_DAY : typeof d === 'number' ? d : dayNumber(d);

export class TakeoverColumnsBuilder {
  private e = 0;
  private f = 0;
  private r = 0;
  private eCap: number;
  private fCap: number;
  private rCap = 16;
  private lastId: string | null = null;
  private readonly c: TakeoverColumns;

  constructor(expectedEngagements = 1024, asOf: string | Day | null = null) {
    this.eCap = Math.max(16, expectedEngagements);
    this.fCap = this.eCap * 4;
    const E = this.eCap;
    const F = this.fCap;
    const R = this.rCap;
    this.c = {
      asOf: asOf === null ? null : dayOf(asOf),
      engagements: 0,
      engagementId: [],
      compoundId: [],
      companyId: [],
      scattered: new Uint8Array(E),
      onRoster2023: new Uint8Array(E),
      area: new Float64Array(E),
      areaScale: new Uint8Array(E),
      entry: new Int32Array(E),
      contract: new Int32Array(E),
      commitment: new Int32Array(E),
      end: new Int32Array(E),
      fallback: new Uint8Array(E),
      factsStart: new Int32Array(E + 1),
      rectStart: new Int32Array(E + 1),
      facts: 0,
      period: new Int32Array(F),
      services: new Uint8Array(F),
      receivable: new Float64Array(F),
      receivableScale: new Uint8Array(F),
      collected: new Float64Array(F),
      collectedScale: new Uint8Array(F),
      feeStandard: new Float64Array(F),
      feeStandardScale: new Uint8Array(F),
      marketPrice: new Float64Array(F),
      marketPriceScale: new Uint8Array(F),
      score: new Int16Array(F),
      scoreAsGiven: new Float64Array(F),
      rectYear: new Int32Array(R),
      rectOutcome: new Uint8Array(R),
      rectDecided: new Int32Array(R),
      raw: new Map(),
    };
  }

  /** Starts an engagement; its facts follow with `facts()`. */
  engagement(row: EngagementRow): void {
    this.start(
      row.engagementId,
      row.compoundId,
      row.companyId,
      row.kind,
      row.area,
      row.onRoster2023,
      row.entryDate,
      row.contractSigned,
      row.commitmentSigned,
      row.endDate,
      row.rectifications,
    );
  }

  private start(
    id: string,
    compoundId: string,
    companyId: string | null | undefined,
    kind: 'compound' | 'scattered',
    area: string,
    onRoster2023: boolean,
    entryDate: string | Day,
    contractSigned: string | Day | null | undefined,
    commitmentSigned: string | Day | null | undefined,
    endDate: string | Day | null | undefined,
    rectifications: readonly RectificationInput[] | null | undefined,
  ): void {
    if (this.e === this.eCap) this.growEngagements();
    const c = this.c;
    const e = this.e++;
    c.engagementId.push(id);
    c.compoundId.push(compoundId);
    c.companyId.push(companyId ?? null);
    c.scattered[e] = kind === 'scattered' ? 1 : 0;
    c.onRoster2023[e] = onRoster2023 ? 1 : 0;
    c.fallback[e] = 0;
    this.decimal(area, 'area', e, c.area, c.areaScale, e);
    c.entry[e] = dayOf(entryDate);
    c.contract[e] = dayOf(contractSigned);
    c.commitment[e] = dayOf(commitmentSigned);
    c.end[e] = dayOf(endDate);
    c.factsStart[e] = this.f;
    c.factsStart[e + 1] = this.f;
    c.rectStart[e] = this.r;
    if (rectifications)
      for (const rec of rectifications) {
        if (this.r === this.rCap) this.growRects();
        c.rectYear[this.r] = rec.year;
        c.rectOutcome[this.r] = OUTCOME[rec.outcome];
        c.rectDecided[this.r] = dayOf(rec.decidedOn);
        this.r++;
      }
    c.rectStart[e + 1] = this.r;
    this.lastId = id;
  }

  /** An engagement of a scenario with its compound and facts. */
  scenarioEngagement(e: EngagementInput, c: CompoundInput): void {
    this.start(
      e.id,
      c.id,
      e.companyId,
      c.kind,
      c.area,
      c.onRoster2023,
      e.entryDate,
      e.contractSigned,
      e.commitmentSigned,
      e.endDate,
      e.rectifications,
    );
    const periods = e.periods;
    if (periods) for (let i = 0; i < periods.length; i++) this.facts(periods[i] as PeriodFactsInput);
  }

  /** The facts of one half-year of the engagement started last. */
  facts(row: Omit<PeriodFactsRow, 'period'> & { period: string }): void {
    if (this.f === this.fCap) this.growFacts();
    const c = this.c;
    const f = this.f++;
    const e = this.e - 1;
    c.period[f] = periodNumber(row.period);
    c.services[f] =
      (row.committeeSupport ? FACT.committeeSupport : 0) |
      (row.enhancedServices ? FACT.enhancedServices : 0) |
      (row.basicServices ? FACT.basicServices : 0);
    this.decimal(row.feesReceivableOccupied, 'feesReceivableOccupied', f, c.receivable, c.receivableScale, e);
    this.decimal(row.feesCollected, 'feesCollected', f, c.collected, c.collectedScale, e);
    this.decimal(row.feeStandard, 'feeStandard', f, c.feeStandard, c.feeStandardScale, e);
    const price = row.marketPrice;
    if (price === null || price === undefined) c.marketPriceScale[f] = UNKNOWN;
    else this.decimal(price, 'marketPrice', f, c.marketPrice, c.marketPriceScale, e);
    const score = row.assessmentScore;
    if (score === null || score === undefined) c.score[f] = NO_SCORE;
    else {
      const h = Math.round(score * 100);
      c.score[f] = h;
      c.scoreAsGiven[f] = score;
      if (!(h >= 0 && h <= 10000)) this.keep('assessmentScore', f, score, e);
    }
    c.factsStart[e + 1] = this.f;
  }

  /** One row of the join (see TakeoverRow): cheap — a string comparison and the numbers parsed. */
  push(row: TakeoverRow): void {
    if (row.engagementId !== this.lastId) this.engagement(row);
    if (row.period !== null) this.facts(row as Omit<PeriodFactsRow, 'period'> & { period: string });
  }

  /** The columns so far (the builder may go on filling; take them once at the end). */
  build(): TakeoverColumns {
    const c = this.c;
    const E = this.e;
    const F = this.f;
    const R = this.r;
    return {
      ...c,
      engagements: E,
      scattered: c.scattered.subarray(0, E),
      onRoster2023: c.onRoster2023.subarray(0, E),
      area: c.area.subarray(0, E),
      areaScale: c.areaScale.subarray(0, E),
      entry: c.entry.subarray(0, E),
      contract: c.contract.subarray(0, E),
      commitment: c.commitment.subarray(0, E),
      end: c.end.subarray(0, E),
      fallback: c.fallback.subarray(0, E),
      factsStart: c.factsStart.subarray(0, E + 1),
      rectStart: c.rectStart.subarray(0, E + 1),
      facts: F,
      period: c.period.subarray(0, F),
      services: c.services.subarray(0, F),
      receivable: c.receivable.subarray(0, F),
      receivableScale: c.receivableScale.subarray(0, F),
      collected: c.collected.subarray(0, F),
      collectedScale: c.collectedScale.subarray(0, F),
      feeStandard: c.feeStandard.subarray(0, F),
      feeStandardScale: c.feeStandardScale.subarray(0, F),
      marketPrice: c.marketPrice.subarray(0, F),
      marketPriceScale: c.marketPriceScale.subarray(0, F),
      score: c.score.subarray(0, F),
      scoreAsGiven: c.scoreAsGiven.subarray(0, F),
      rectYear: c.rectYear.subarray(0, R),
      rectOutcome: c.rectOutcome.subarray(0, R),
      rectDecided: c.rectDecided.subarray(0, R),
    };
  }

  private decimal(s: string, field: string, row: number, units: Float64Array, scales: Uint8Array, e: number): void {
    // "012.5" and overlong digit strings are not plain: kept as text, the engagement goes to the engine
    if (!decimalInto(s, units, scales, row)) this.keep(field, row, s, e);
  }

  private keep(field: string, row: number, value: string | number, e: number): void {
    this.c.raw.set(`${field}:${row}`, value);
    this.c.fallback[e] = 1;
  }

  private growEngagements(): void {
    const c = this.c;
    const n = this.eCap * 2;
    c.scattered = grown(c.scattered, n);
    c.onRoster2023 = grown(c.onRoster2023, n);
    c.area = grown(c.area, n);
    c.areaScale = grown(c.areaScale, n);
    c.entry = grown(c.entry, n);
    c.contract = grown(c.contract, n);
    c.commitment = grown(c.commitment, n);
    c.end = grown(c.end, n);
    c.fallback = grown(c.fallback, n);
    c.factsStart = grown(c.factsStart, n + 1);
    c.rectStart = grown(c.rectStart, n + 1);
    this.eCap = n;
  }

  private growFacts(): void {
    const c = this.c;
    const n = this.fCap * 2;
    c.period = grown(c.period, n);
    c.services = grown(c.services, n);
    c.receivable = grown(c.receivable, n);
    c.receivableScale = grown(c.receivableScale, n);
    c.collected = grown(c.collected, n);
    c.collectedScale = grown(c.collectedScale, n);
    c.feeStandard = grown(c.feeStandard, n);
    c.feeStandardScale = grown(c.feeStandardScale, n);
    c.marketPrice = grown(c.marketPrice, n);
    c.marketPriceScale = grown(c.marketPriceScale, n);
    c.score = grown(c.score, n);
    c.scoreAsGiven = grown(c.scoreAsGiven, n);
    this.fCap = n;
  }

  private growRects(): void {
    const c = this.c;
    const n = this.rCap * 2;
    c.rectYear = grown(c.rectYear, n);
    c.rectOutcome = grown(c.rectOutcome, n);
    c.rectDecided = grown(c.rectDecided, n);
    this.rCap = n;
  }
}

/** Every engagement of a (validated) scenario as columns, in the scenario's order. */
export function columnsFromScenario(scenario: Scenario): TakeoverColumns {
  const engagements = scenario.engagements ?? [];
  const compounds = scenario.compounds;
  let byId: Map<string, CompoundInput> | null = null;
  const b = new TakeoverColumnsBuilder(engagements.length, scenario.asOf);
  for (let i = 0; i < engagements.length; i++) {
    const e = engagements[i] as EngagementInput;
    // compounds often come in the engagements' order: look further only when they do not
    let c = compounds[i];
    if (c?.id !== e.compoundId) {
      byId ??= new Map(compounds.map((x) => [x.id, x]));
      c = byId.get(e.compoundId);
    }
    b.scenarioEngagement(e, c as CompoundInput);
  }
  return b.build();
}

/**
 * A builder and its columns kept for good, so that their hidden classes outlive every batch (see
 * settle.ts LIVE_SHAPES: a full collection would otherwise drop the optimised builder and loop).
 * (Exported so that it stays reachable; nothing reads it.)
 */
const keptBuilder = new TakeoverColumnsBuilder(1);
export const LIVE_COLUMN_SHAPES: unknown[] = [keptBuilder, keptBuilder.build()];
