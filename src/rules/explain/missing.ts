/**
 * The facts a line waits for. Lines list them as paths relative to their subject (`missing`,
 * which clients match on); people read them in words — in reason texts and in exports.
 * The engine builds every path with `MISSING`, so each one it can produce has words here.
 */
import type { Lang, Text } from '../params/types.ts';

export const MISSING = {
  /** a half-year with no facts recorded */
  periodFacts: (period: string): string => `periods[${period}]`,
  /** a half-year's assessment score */
  assessmentScore: (period: string): string => `periods[${period}].assessmentScore`,
  /** the rectification record of a failed year */
  rectification: (year: number): string => `rectifications[${year}]`,
  serviceContractSigned: 'serviceContractSigned',
  operatingNormally: 'operatingNormally',
  reviewApproved: 'reviewApproved',
  accepted: 'accepted',
} as const;

const FIELDS: Readonly<Record<string, Text>> = {
  [MISSING.serviceContractSigned]: { zh: '业委会服务合同签订日期', en: "the signing date of the committee's service contract" },
  [MISSING.operatingNormally]: { zh: '合同正常运行的确认', en: 'the confirmation that the contract runs normally' },
  [MISSING.reviewApproved]: { zh: '住建局和社区的审核通过', en: 'the approval of the housing bureau and the community' },
  [MISSING.accepted]: { zh: '验收日期', en: 'the acceptance date' },
};

const PATTERNS: ReadonlyArray<readonly [RegExp, (key: string) => Text]> = [
  [/^periods\[(\d{4}H[12])\]$/, (p) => ({ zh: `${p}半年事实`, en: `the facts of ${p}` })],
  [/^periods\[(\d{4}H[12])\]\.assessmentScore$/, (p) => ({ zh: `${p}半年考核得分`, en: `the half-year assessment score of ${p}` })],
  [/^rectifications\[(\d{4})\]$/, (y) => ({ zh: `${y}年整改结论`, en: `the ${y} rectification decision` })],
];

/** The words for a path the engine produces, or null for any other string. */
export function missingWords(path: string): Text | null {
  const field = Object.hasOwn(FIELDS, path) ? FIELDS[path] : undefined;
  if (field) return field;
  for (const [pattern, words] of PATTERNS) {
    const m = pattern.exec(path);
    if (m) return words(m[1] as string);
  }
  return null;
}

/** A missing fact in words for a reason's arguments (the path itself should one ever lack words). */
export const missingArg = (path: string): Text => missingWords(path) ?? { zh: path, en: path };

/**
 * A missing fact in words, in zh-CN or English: `rectifications[2024]` → 2024年整改结论 /
 * the 2024 rectification decision. A string that is no such path comes back unchanged.
 */
export const missingLabel = (path: string, lang: Lang): string => missingArg(path)[lang];
