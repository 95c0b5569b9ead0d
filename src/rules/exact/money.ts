/**
 * Money has one type: a count of fen (0.01 yuan) as a bigint. Amounts become Money only through
 * the rounding a rule names (half up for lines, down for quotas), so every Money is already final.
 */
import { formatScaled, type Rational, roundDownScaled, roundHalfUpScaled } from './rational.ts';

export type Money = bigint & { readonly __money: unique symbol };

const FEN_PLACES = 2;

export const fen = (n: bigint): Money => n as Money;
export const ZERO_MONEY = fen(0n);

/** round_half_up_fen of docs/policy.md "Conventions" */
export const roundHalfUpFen = (a: Rational): Money => fen(roundHalfUpScaled(a, FEN_PLACES));
/** round_down_fen of docs/policy.md "Conventions" (community quotas) */
export const roundDownFen = (a: Rational): Money => fen(roundDownScaled(a, FEN_PLACES));

export const formatMoney = (m: Money): string => formatScaled(m, FEN_PLACES);

export const minMoney = (a: Money, b: Money): Money => (a <= b ? a : b);
export const maxMoney = (a: Money, b: Money): Money => (a >= b ? a : b);
