/**
 * Programme T's parameters as plain numbers for the columnar settlement: scaled integers split
 * into digits and decimals, looked up once per day (and once per policy when, as published, each
 * parameter has a single value — then every day has the same bundle).
 */
import type { Day } from '../dates/date.ts';
import { dayParam } from '../params/lookup.ts';
import type { Policy } from '../params/types.ts';
import { takeoverParams } from '../programmes/takeover/params.ts';

export interface TNumbers {
  collectionMinUnits: number;
  collectionMinScale: number;
  feeRatioMinUnits: number;
  feeRatioMinScale: number;
  scatteredMaxTier: number;
  rate1Units: number;
  rate1Scale: number;
  rate2Units: number;
  rate2Scale: number;
  passUnits: number;
  passScale: number;
}

const PERIOD_PARAMS = ['T.collectionMin', 'T.feeRatioMin', 'T.scatteredMaxTier', 'T.rate.tier1', 'T.rate.tier2', 'T.passScore'];

function numbersAt(policy: Policy, at: Day): TNumbers {
  const p = takeoverParams(policy, at);
  return {
    collectionMinUnits: p.collectionMin.value.units,
    collectionMinScale: p.collectionMin.value.scale,
    feeRatioMinUnits: p.feeRatioMin.value.units,
    feeRatioMinScale: p.feeRatioMin.value.scale,
    scatteredMaxTier: p.scatteredMaxTier.value,
    rate1Units: p.rateTier1.value.units,
    rate1Scale: p.rateTier1.value.scale,
    rate2Units: p.rateTier2.value.units,
    rate2Scale: p.rateTier2.value.scale,
    passUnits: p.passScore.value.units,
    passScale: p.passScore.value.scale,
  };
}

const singleValued = (policy: Policy, id: string): boolean => (policy.parameters.get(id)?.values.length ?? 0) === 1;

/** The parameters of one settlement run: constant ones read once, dated ones by day (memoised). */
export class TParamsByDay {
  /** the bundle of every day when no period parameter is dated, else null */
  readonly constant: TNumbers | null;
  private readonly byDay = new Map<Day, TNumbers>();
  private readonly entryFromConstant: Day | null;
  private readonly rewardUntilConstant: Day | null;

  constructor(private readonly policy: Policy) {
    this.constant = PERIOD_PARAMS.every((id) => singleValued(policy, id)) ? numbersAt(policy, 0) : null;
    this.entryFromConstant = singleValued(policy, 'T.entryFrom') ? dayParam(policy, 'T.entryFrom', 0).value : null;
    this.rewardUntilConstant = singleValued(policy, 'T.rewardUntil') ? dayParam(policy, 'T.rewardUntil', 0).value : null;
  }

  /** The period parameters in force on `day` (for a period: its first day served, as the engine). */
  at(day: Day): TNumbers {
    if (this.constant) return this.constant;
    let n = this.byDay.get(day);
    if (!n) {
      n = numbersAt(this.policy, day);
      this.byDay.set(day, n);
    }
    return n;
  }

  entryFrom(entry: Day): Day {
    return this.entryFromConstant ?? dayParam(this.policy, 'T.entryFrom', entry).value;
  }

  rewardUntil(start: Day): Day {
    return this.rewardUntilConstant ?? dayParam(this.policy, 'T.rewardUntil', start).value;
  }
}

const perPolicy = new WeakMap<Policy, TParamsByDay>();
/** One TParamsByDay per policy (the policy object is immutable): settlements run again and again share it. */
export function tParamsOf(policy: Policy): TParamsByDay {
  let p = perPolicy.get(policy);
  if (!p) {
    p = new TParamsByDay(policy);
    perPolicy.set(policy, p);
  }
  return p;
}
