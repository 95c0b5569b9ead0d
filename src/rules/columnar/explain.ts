/**
 * The explanation of a columnar line, rebuilt on demand: the line's engagement is turned back into
 * a one-engagement scenario and run through the ordinary engine with its trace — the same reasons
 * and steps `calculate --explain` gives, for one line out of millions.
 */
import { type Day, formatDay } from '../dates/date.ts';
import { formatPeriod, periodFromIndex } from '../dates/period.ts';
import { calculate } from '../engine.ts';
import { formatScaled } from '../exact/rational.ts';
import type { TLine } from '../lines.ts';
import type { Policy } from '../params/types.ts';
import type { EngagementInput, PeriodFactsInput, Scenario } from '../scenario/schema.ts';
import { FACT, NO_DAY, NO_SCORE, type TakeoverColumns, UNKNOWN } from './columns.ts';
import type { TSettlement } from './settle.ts';

const OUTCOMES = ['rectified', 'failed', 'refused'] as const;
const dayText = (d: number): string | null => (d === NO_DAY ? null : formatDay(d));

/**
 * Engagement `e` of the columns as a valid scenario on `asOf`. The compound carries what T reads
 * (id, kind, area, roster); its name, community and households are placeholders T never reads.
 */
export function engagementScenario(c: TakeoverColumns, e: number, asOf: Day): Scenario {
  const dec = (field: string, row: number, units: ArrayLike<number>, scales: ArrayLike<number>): string =>
    (c.raw.get(`${field}:${row}`) as string | undefined) ?? formatScaled(BigInt(units[row] as number), scales[row] as number);
  const periods: PeriodFactsInput[] = [];
  for (let f = c.factsStart[e] as number; f < (c.factsStart[e + 1] as number); f++) {
    const s = c.services[f] as number;
    const score = c.score[f] as number;
    periods.push({
      period: formatPeriod(periodFromIndex(c.period[f] as number)),
      committeeSupport: (s & FACT.committeeSupport) !== 0,
      enhancedServices: (s & FACT.enhancedServices) !== 0,
      basicServices: (s & FACT.basicServices) !== 0,
      feesReceivableOccupied: dec('feesReceivableOccupied', f, c.receivable, c.receivableScale),
      feesCollected: dec('feesCollected', f, c.collected, c.collectedScale),
      feeStandard: dec('feeStandard', f, c.feeStandard, c.feeStandardScale),
      marketPrice:
        c.marketPriceScale[f] === UNKNOWN && !c.raw.has(`marketPrice:${f}`)
          ? null
          : dec('marketPrice', f, c.marketPrice, c.marketPriceScale),
      assessmentScore: (c.raw.get(`assessmentScore:${f}`) as number | undefined) ?? (score === NO_SCORE ? null : c.scoreAsGiven[f]),
    });
  }
  const rectifications: NonNullable<EngagementInput['rectifications']> = [];
  for (let r = c.rectStart[e] as number; r < (c.rectStart[e + 1] as number); r++)
    rectifications.push({
      year: c.rectYear[r] as number,
      outcome: OUTCOMES[c.rectOutcome[r] as number] as (typeof OUTCOMES)[number],
      decidedOn: formatDay(c.rectDecided[r] as number),
    });
  const compoundId = c.compoundId[e] as string;
  return {
    asOf: formatDay(asOf),
    compounds: [
      {
        id: compoundId,
        name: compoundId,
        communityId: '-',
        kind: c.scattered[e] ? 'scattered' : 'compound',
        area: dec('area', e, c.area, c.areaScale),
        households: 0,
        onRoster2023: c.onRoster2023[e] === 1,
      },
    ],
    engagements: [
      {
        id: c.engagementId[e] as string,
        compoundId,
        companyId: c.companyId[e] ?? '-',
        entryDate: formatDay(c.entry[e] as number),
        contractSigned: dayText(c.contract[e] as number),
        commitmentSigned: dayText(c.commitment[e] as number),
        endDate: dayText(c.end[e] as number),
        periods,
        rectifications,
      },
    ],
    committees: [],
    facilityApplications: [],
  };
}

/**
 * Line `line` of a settlement as the engine's T line, with its reasons and, unless `explain` is
 * false, its step-by-step trace (docs/calc-format.md). Costs one engagement through the engine.
 */
export function explainLine(c: TakeoverColumns, s: TSettlement, line: number, policy: Policy, explain = true): TLine {
  if (line < 0 || line >= s.lines) throw new RangeError(`no line ${line} (the settlement has ${s.lines})`);
  const e = s.engagement[line] as number;
  const p = s.period[line] as number;
  const period = p < 0 ? undefined : formatPeriod(periodFromIndex(p));
  const found = calculate(engagementScenario(c, e, s.asOf), policy, { explain }).lines.find(
    (l): l is TLine => l.program === 'T' && l.period === period,
  );
  if (!found) throw new Error(`the engine has no line ${period ?? ''} for ${c.engagementId[e]}`);
  return found;
}
