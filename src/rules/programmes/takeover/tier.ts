/**
 * RULES T.4 (2.2.1, 2.2.2; D-4, D-5, D-6): the tier of one half-year, from that period's facts.
 */
import type { Day } from '../../dates/date.ts';
import { cmp, div, mul, parseDecimal, type Rational } from '../../exact/rational.ts';
import { showValue } from '../../exact/show.ts';
import { WORDS } from '../../explain/messages.ts';
import type { Reason, TraceStep } from '../../explain/types.ts';
import { decimalParam, integerParam, type Looked } from '../../params/lookup.ts';
import type { Policy, Text } from '../../params/types.ts';
import type { PeriodFactsInput } from '../../scenario/schema.ts';

export interface TierResult {
  tier: 1 | 2 | null;
  rate: Looked<Rational> | null;
  reason: Reason | null;
  step: () => TraceStep;
}

/** `numerator / denominator ≥ min`, decided without dividing; a zero denominator never meets it. */
export function ratioMeets(numerator: Rational, denominator: Rational, minimum: Rational): boolean {
  return denominator.n > 0n && cmp(numerator, mul(minimum, denominator)) >= 0;
}

const showRatio = (num: Rational, den: Rational): string => (den.n === 0n ? '—' : showValue(div(num, den)));

export function decideTier(policy: Policy, at: Day, period: string, kind: 'compound' | 'scattered', f: PeriodFactsInput): TierResult {
  const collectionMin = decimalParam(policy, 'T.collectionMin', at);
  const feeRatioMin = decimalParam(policy, 'T.feeRatioMin', at);
  const scatteredMax = integerParam(policy, 'T.scatteredMaxTier', at);
  const collected = parseDecimal(f.feesCollected);
  const receivable = parseDecimal(f.feesReceivableOccupied);
  const standard = parseDecimal(f.feeStandard);
  const market = parseDecimal(f.marketPrice);
  // D-6: collection rate over fees receivable from occupied units; receivable 0 → not met.
  const collectionMet = ratioMeets(collected, receivable, collectionMin.value);
  // Fee ratio = fee standard / market reference price; market price 0 → not met. Inclusive.
  const feeRatioMet = ratioMeets(standard, market, feeRatioMin.value);
  const tier1Conditions = f.committeeSupport && f.enhancedServices && collectionMet && feeRatioMet;
  // D-5: scattered buildings are named only in 2.2.2 and reach tier 2 at most.
  // (tier 1 is the better tier: a cap of 2 keeps scattered units out of tier 1)
  const tier1 = tier1Conditions && (kind === 'compound' || scatteredMax.value <= 1);
  const tier2 = !tier1 && (f.basicServices || f.enhancedServices);
  const tier: 1 | 2 | null = tier1 ? 1 : tier2 ? 2 : null;
  const rate = tier ? decimalParam(policy, tier === 1 ? 'T.rate.tier1' : 'T.rate.tier2', at) : null;

  const collectionRate = showRatio(collected, receivable);
  const feeRatio = showRatio(standard, market);
  const unmet: Text[] = [];
  if (!f.committeeSupport) unmet.push(WORDS.committeeSupport);
  if (!f.enhancedServices) unmet.push(WORDS.enhancedServices);
  if (!collectionMet) unmet.push(WORDS.collectionRate);
  if (!feeRatioMet) unmet.push(WORDS.feeRatio);
  if (tier1Conditions && !tier1) unmet.push(WORDS.scattered);
  const joined: Text = {
    zh: unmet.map((t) => t.zh).join(WORDS.separator.zh),
    en: unmet.map((t) => t.en).join(WORDS.separator.en),
  };
  const rateText = rate?.use.value as string | undefined;
  const reason: Reason | null =
    tier === 1
      ? {
          code: 'T_TIER1',
          args: {
            collectionRate,
            collectionMin: collectionMin.use.value as string,
            feeRatio,
            feeRatioMin: feeRatioMin.use.value as string,
            rate: rateText ?? '',
          },
        }
      : tier === 2
        ? { code: 'T_TIER2', args: { unmet: joined, rate: rateText ?? '' } }
        : null;
  const step = (): TraceStep => ({
    rule: 'T.tier',
    ...(reason ?? { code: 'T_NO_TIER', args: { period } }),
    facts: {
      kind,
      committeeSupport: f.committeeSupport,
      enhancedServices: f.enhancedServices,
      basicServices: f.basicServices,
      feesReceivableOccupied: f.feesReceivableOccupied,
      feesCollected: f.feesCollected,
      feeStandard: f.feeStandard,
      marketPrice: f.marketPrice,
    },
    params: [collectionMin.use, feeRatioMin.use, scatteredMax.use, ...(rate ? [rate.use] : [])],
    values: { collectionRate, feeRatio, collectionMet: String(collectionMet), feeRatioMet: String(feeRatioMet), tier: String(tier) },
  });
  return { tier, rate, reason, step };
}
