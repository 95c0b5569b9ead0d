/**
 * The parameters programme T reads for a period, looked up once per policy and day: the
 * engine evaluates millions of periods, with a few hundred distinct days among them.
 */
import type { Day } from '../../dates/date.ts';
import type { Scaled } from '../../exact/scaled.ts';
import { integerParam, type Looked, memoPerPolicy, scaledParam } from '../../params/lookup.ts';
import type { Policy } from '../../params/types.ts';

export interface TParams {
  collectionMin: Looked<Scaled>;
  feeRatioMin: Looked<Scaled>;
  scatteredMaxTier: Looked<number>;
  rateTier1: Looked<Scaled>;
  rateTier2: Looked<Scaled>;
  passScore: Looked<Scaled>;
}

const bundles = new WeakMap<Policy, Map<Day, TParams>>();

export const takeoverParams = (policy: Policy, at: Day): TParams =>
  memoPerPolicy(bundles, policy, at, () => ({
    collectionMin: scaledParam(policy, 'T.collectionMin', at),
    feeRatioMin: scaledParam(policy, 'T.feeRatioMin', at),
    scatteredMaxTier: integerParam(policy, 'T.scatteredMaxTier', at),
    rateTier1: scaledParam(policy, 'T.rate.tier1', at),
    rateTier2: scaledParam(policy, 'T.rate.tier2', at),
    passScore: scaledParam(policy, 'T.passScore', at),
  }));
