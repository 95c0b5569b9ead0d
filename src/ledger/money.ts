/**
 * Money in the ledger is integer fen (bigint). At the edges it is a decimal string of yuan with two
 * decimals — the same text the rules engine writes (docs/calc-format.md) — converted exactly, no floats.
 */

/** "1234.5" / "1234.50" / "1234" → 123450n; anything else (or more than 2 decimals) throws. */
export function parseYuan(text: string): bigint {
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount of yuan with at most 2 decimals: ${JSON.stringify(text)}`);
  const v = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -v : v;
}

/** 123450n → "1234.50". */
export function formatFen(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** 123456789n → "1,234,567.89" (for reading, e.g. ¥ in a form). */
export function formatFenGrouped(fen: bigint): string {
  const [int, dec] = formatFen(fen).split('.') as [string, string];
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}
