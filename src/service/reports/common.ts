/**
 * What the reports share: who may read them and what each reader sees, and the exact figures they
 * show — money as decimal yuan from integer fen, ratios as percentages to two decimals from integer
 * arithmetic, a target met or not by cross-multiplication (never a float).
 */

import { divRoundHalfUp, formatScaled, type Rational, roundHalfUpScaled } from '../../rules/exact/rational.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../command.ts';

/**
 * Reports are read by the bureau, finance, the auditor and the administrator for the whole city, and by a
 * community account for its own community; companies and committees do not read them.
 */
export function requireReportReader(ctx: ServiceContext): void {
  requireRole(ctx.actor, ['bureau', 'finance', 'auditor', 'community'], { zh: '查阅统计报表', en: 'reading reports' });
}

/** The community a report is limited to (its id), or null for the whole city. */
export function reportCommunity(actor: Actor): number | null {
  if (actor.role !== 'community') return null;
  const id = actor.scope?.community?.id;
  if (id === undefined) throw new Error(`community account ${actor.username} has no community`);
  return id;
}

/** Integer fen as decimal yuan, "1234.56" (exact). */
export const yuan = (fen: bigint): string => formatScaled(fen, 2);

/** part ÷ whole as a percentage with two decimals, half up ("87.50"); null when there is no whole. */
export function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return formatScaled(divRoundHalfUp(BigInt(part) * 10_000n, BigInt(whole)), 2);
}

/** A ratio target (0.80) as a percentage ("80.00"). */
export const targetPercent = (target: Rational): string => formatScaled(roundHalfUpScaled(target, 4), 2);

/** Whether part ÷ whole reaches the target, exactly; null when there is no whole. */
export function meets(part: number, whole: number, target: Rational): boolean | null {
  if (whole === 0) return null;
  return BigInt(part) * target.d >= target.n * BigInt(whole);
}

/** A share of a whole against a target: the counts, the percentage and whether it is met. */
export interface Share {
  /** what counts (compounds covered, satisfied responses) */
  part: number;
  /** of how many (roster compounds, responses) */
  whole: number;
  /** part ÷ whole in percent, two decimals; null without a whole */
  percent: string | null;
  /** part ÷ whole ≥ target; null without a whole */
  met: boolean | null;
}

export const share = (part: number, whole: number, target: Rational): Share => ({
  part,
  whole,
  percent: percent(part, whole),
  met: meets(part, whole, target),
});
