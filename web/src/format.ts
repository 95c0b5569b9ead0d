/**
 * How the console writes money and dates. Money comes from the API as decimal strings ("1234.5",
 * "-20.00"): it is grouped as a string, never through a float, so no fen is ever lost.
 */

/** "1234567.5" → "¥1,234,567.50"; null or "" → "—". */
export function money(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign = '', int = '0', frac = ''] = m;
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

const CHINA_MS = 8 * 3_600_000;

/** A day (YYYY-MM-DD) as it is, an instant (ISO) as its day in Beijing time; null → "—". */
export function day(v: string | null | undefined): string {
  if (!v) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t + CHINA_MS).toISOString().slice(0, 10);
}

/** An instant as YYYY-MM-DD HH:mm, Beijing time. */
export function dateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t + CHINA_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A percentage from the API ("87.45", two decimals) with one decimal, half up, as a string: "87.5%"; null → "—". */
export function percent(v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return v;
  const [, sign = '', int = '0', frac = ''] = m;
  // hundredths as an integer, then to tenths half up (away from zero): no float touches the figure
  const hundredths = Number(int) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  const tenths = Math.floor((hundredths + 5) / 10);
  const text = `${Math.floor(tenths / 10)}.${tenths % 10}`;
  return `${sign && tenths !== 0 ? '-' : ''}${text}%`;
}
