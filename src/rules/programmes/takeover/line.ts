/**
 * A period line of programme T as a compact decision record: status, tier, amount and what
 * decided them. Its reasons are read from that record when someone asks for them, so a
 * settlement run over millions of periods allocates no text it will not show.
 */
import { type Day, formatDay } from '../../dates/date.ts';
import type { PeriodInfo } from '../../dates/period.ts';
import { type Money, ZERO_MONEY } from '../../exact/money.ts';
import { MISSING, missingArg } from '../../explain/missing.ts';
import type { Reason, TraceStep } from '../../explain/types.ts';
import { argsOf } from '../../explain/types.ts';
import type { TLine, TStatus } from '../../lines.ts';
import { type AnnualResult, annualStep } from './annual.ts';
import { marketPriceReason, type TierResult, tierReason } from './tier.ts';

/** Which step of docs/policy.md T.8 set the status. */
export type Gate =
  | 'T_NO_FACTS'
  | 'T_NO_TIER'
  | 'T_PERIOD_NOT_ENDED'
  | 'T_RECTIFICATION_OUTSTANDING'
  | 'T_NOT_ASSESSED'
  | 'T_WITHHELD'
  | 'T_PAYABLE';

export class PeriodLine implements TLine {
  readonly program = 'T' as const;
  status: TStatus = 'pending';
  tier: 1 | 2 | null = null;
  rate: string | null = null;
  amount: Money = ZERO_MONEY;
  trace: TraceStep[] | undefined = undefined;
  gate: Gate = 'T_NO_FACTS';
  decided: TierResult | null = null;
  blocking: AnnualResult | null = null;
  expelled: Reason | null = null;
  private cachedReasons: Reason[] | null = null;

  constructor(
    readonly subject: string,
    readonly info: PeriodInfo,
    readonly months: string,
    readonly asOf: Day,
  ) {}

  get period(): string {
    return this.info.text;
  }

  /** The facts a pending line waits for, read from the step that made it pending. */
  get missing(): string[] | undefined {
    switch (this.gate) {
      case 'T_NO_FACTS':
        return [MISSING.periodFacts(this.info.text)];
      case 'T_NOT_ASSESSED':
        return [MISSING.assessmentScore(this.info.text)];
      case 'T_RECTIFICATION_OUTSTANDING':
        return [MISSING.rectification((this.blocking as AnnualResult).year)];
      default:
        return undefined;
    }
  }

  get reasons(): Reason[] {
    if (!this.cachedReasons) {
      const out: Reason[] = [];
      const tier = this.decided && tierReason(this.decided);
      if (tier) out.push(tier);
      const price = this.decided && marketPriceReason(this.decided);
      if (price) out.push(price);
      out.push(gateReason(this));
      if (this.expelled) out.push(this.expelled);
      this.cachedReasons = out;
    }
    return this.cachedReasons;
  }
}

/** The reason of the T.8 step that set the status; a missing fact is named in words. */
export function gateReason(l: PeriodLine): Reason {
  const period = l.info.text;
  const path = l.missing?.[0];
  const missing = path === undefined ? '' : missingArg(path);
  switch (l.gate) {
    case 'T_NO_FACTS':
    case 'T_NOT_ASSESSED':
      return { code: l.gate, args: { period, missing } };
    case 'T_NO_TIER':
      return { code: l.gate, args: { period } };
    case 'T_PERIOD_NOT_ENDED':
      return { code: l.gate, args: { period, periodEnd: formatDay(l.info.end), asOf: formatDay(l.asOf) } };
    case 'T_RECTIFICATION_OUTSTANDING': {
      const blocking = l.blocking as AnnualResult;
      const { annualScore, passScore } = argsOf(annualStep(blocking));
      return { code: l.gate, args: { year: blocking.year, annualScore: annualScore ?? '', passScore: passScore ?? '', missing } };
    }
    case 'T_WITHHELD':
    case 'T_PAYABLE': {
      const d = l.decided as TierResult;
      const score = d.facts.assessmentScore ?? '';
      return { code: l.gate, args: { period, score, passScore: d.params.passScore.use.value as string } };
    }
  }
}
