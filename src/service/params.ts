/** The policy's parameters in force on a date: shared by `jiangbu params` and GET /api/params. */

import { userError } from '../lib/errors.ts';
import { type Override, withOverrides } from '../policy/load.ts';
import { parseDay } from '../rules/dates/date.ts';
import { definition, lookup } from '../rules/params/lookup.ts';
import type { Lang, ParamUse } from '../rules/params/types.ts';

export interface ParamRow extends ParamUse {
  label: string;
  type: string;
  /** where the clause is in the policy text (e.g. 二(一)二是) and what it says, in the language asked */
  clauseRef: string;
  clauseSummary: string;
  /** what the decision (D-n) that reads the clause this way says, when there is one */
  decisionSummary?: string;
}

/** Each adapter checks `at` under its own name first (`--at`, `?at=`); this is the service's own guard. */
export function paramRows(at: string | undefined, lang: Lang, overrides: Override[] = []): ParamRow[] {
  if (at !== undefined && parseDay(at) === null)
    throw userError('date.invalid', `at：不是有效的日期（YYYY-MM-DD）：${at}`, `at: not a valid date YYYY-MM-DD: ${at}`);
  const policy = withOverrides(overrides);
  return [...policy.parameters.keys()].map((id) => {
    const def = definition(policy, id);
    // Without a date, the entry in force today is not knowable without a clock: show the latest.
    const use = lookup(policy, id, at ?? '9999-12-31');
    const clause = policy.clauses.get(use.clause);
    const decision = use.decision ? policy.decisions.find((d) => d.id === use.decision) : undefined;
    return {
      ...use,
      label: def.label[lang],
      type: def.type,
      clauseRef: clause?.ref ?? '',
      clauseSummary: clause?.[lang] ?? '',
      ...(decision ? { decisionSummary: decision[lang] } : {}),
    };
  });
}
