/**
 * docs/policy.md T.4 (2.2.1, 2.2.2; D-4, D-5, D-6): the tier of one half-year, from that period's facts.
 */
import { div, parseDecimal } from '../../exact/rational.ts';
import { atLeastTimes, type Scaled } from '../../exact/scaled.ts';
import { showValue } from '../../exact/show.ts';
import { WORDS } from '../../explain/messages.ts';
import type { Reason, TraceStep } from '../../explain/types.ts';
import type { Looked } from '../../params/lookup.ts';
import type { Text } from '../../params/types.ts';
import type { PeriodFactsInput } from '../../scenario/schema.ts';
import type { TParams } from './params.ts';

export interface TierResult {
  tier: 1 | 2 | null;
  rate: Looked<Scaled> | null;
  /** what the explanation needs */
  period: string;
  kind: 'compound' | 'scattered';
  facts: PeriodFactsInput;
  collectionMet: boolean;
  /** false when the market price is unknown: the ratio is then not established (not "not met") */
  marketPriceKnown: boolean;
  feeRatioMet: boolean;
  tier1Conditions: boolean;
  params: TParams;
}

/** A valid decimal string ≥ 0 is positive when any digit is not 0. */
function isPositive(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 48 && c <= 57) return true;
  }
  return false;
}

/** numerator / denominator ≥ minimum, decided without dividing; a zero denominator never meets it. */
export const ratioMeets = (numerator: string, denominator: string, minimum: Scaled): boolean =>
  isPositive(denominator) && atLeastTimes(numerator, minimum, denominator);

/** The ratio for explanations: "—" for a zero denominator, "unknown" when the denominator is. */
const showRatio = (num: string, den: string | null | undefined): string =>
  den === null || den === undefined ? 'unknown' : isPositive(den) ? showValue(div(parseDecimal(num), parseDecimal(den))) : '—';

const joinWords = (words: Text[]): Text => ({
  zh: words.map((t) => t.zh).join(WORDS.separator.zh),
  en: words.map((t) => t.en).join(WORDS.separator.en),
});

export function decideTier(params: TParams, period: string, kind: 'compound' | 'scattered', f: PeriodFactsInput): TierResult {
  const { collectionMin, feeRatioMin, scatteredMaxTier: scatteredMax } = params;
  // D-6: collection rate over fees receivable from occupied units; receivable 0 → not met.
  const collectionMet = ratioMeets(f.feesCollected, f.feesReceivableOccupied, collectionMin.value);
  // Fee ratio = fee standard / market reference price; market price 0 → not met. Both inclusive.
  // An unknown price is not 0: the ratio is not established, and the reasons say so.
  const price = f.marketPrice;
  const marketPriceKnown = price !== null && price !== undefined;
  const feeRatioMet = marketPriceKnown && ratioMeets(f.feeStandard, price, feeRatioMin.value);
  const tier1Conditions = f.committeeSupport && f.enhancedServices && collectionMet && feeRatioMet;
  // D-5: scattered buildings are named only in 2.2.2; T.scatteredMaxTier = 2 keeps them out of tier 1.
  const tier1 = tier1Conditions && (kind === 'compound' || scatteredMax.value <= 1);
  // Tier 2: basic cleaning and repair, which enhanced services include.
  const tier: 1 | 2 | null = tier1 ? 1 : f.basicServices || f.enhancedServices ? 2 : null;
  const rate = tier === 1 ? params.rateTier1 : tier === 2 ? params.rateTier2 : null;

  return { tier, rate, period, kind, facts: f, collectionMet, marketPriceKnown, feeRatioMet, tier1Conditions, params };
}

/** The reason of a tier (T_TIER1, T_TIER2), or null without a tier. */
export function tierReason(r: TierResult): Reason | null {
  const f = r.facts;
  const rate = (r.rate?.use.value as string | undefined) ?? '';
  if (r.tier === 1)
    return {
      code: 'T_TIER1',
      args: {
        collectionRate: showRatio(f.feesCollected, f.feesReceivableOccupied),
        collectionMin: r.params.collectionMin.use.value as string,
        feeRatio: showRatio(f.feeStandard, f.marketPrice),
        feeRatioMin: r.params.feeRatioMin.use.value as string,
        rate,
      },
    };
  if (r.tier === 2) return { code: 'T_TIER2', args: { unmet: unmetConditions(r), rate } };
  return null;
}

/**
 * The reason of its own for a tier-2 period whose market price is unknown, or null. (A period
 * without a tier has no use for it: tier 1 was out of reach for want of services.)
 */
export function marketPriceReason(r: TierResult): Reason | null {
  return r.tier === 2 && !r.marketPriceKnown ? { code: 'T_MARKET_PRICE_UNKNOWN', args: { period: r.period } } : null;
}

/** Why a tier-2 period is not tier 1, in words. */
function unmetConditions(r: TierResult): Text {
  const f = r.facts;
  const unmet: Text[] = [];
  if (!f.committeeSupport) unmet.push(WORDS.committeeSupport);
  if (!f.enhancedServices) unmet.push(WORDS.enhancedServices);
  if (!r.collectionMet) unmet.push(WORDS.collectionRate);
  if (!r.marketPriceKnown) unmet.push(WORDS.feeRatioUnknown);
  else if (!r.feeRatioMet) unmet.push(WORDS.feeRatio);
  if (r.tier1Conditions) unmet.push(WORDS.scattered);
  return joinWords(unmet);
}

export function tierStep(r: TierResult): TraceStep {
  const f = r.facts;
  return {
    rule: 'T.tier',
    ...(tierReason(r) ?? { code: 'T_NO_TIER', args: { period: r.period } }),
    facts: {
      kind: r.kind,
      committeeSupport: f.committeeSupport,
      enhancedServices: f.enhancedServices,
      basicServices: f.basicServices,
      feesReceivableOccupied: f.feesReceivableOccupied,
      feesCollected: f.feesCollected,
      feeStandard: f.feeStandard,
      marketPrice: f.marketPrice ?? null,
    },
    params: [r.params.collectionMin.use, r.params.feeRatioMin.use, r.params.scatteredMaxTier.use, ...(r.rate ? [r.rate.use] : [])],
    values: {
      collectionRate: showRatio(f.feesCollected, f.feesReceivableOccupied),
      feeRatio: showRatio(f.feeStandard, f.marketPrice),
      collectionMet: String(r.collectionMet),
      feeRatioMet: String(r.feeRatioMet),
      tier: String(r.tier),
    },
  };
}
