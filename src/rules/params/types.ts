/** The policy as the engine sees it: dated parameters, clauses and decisions (pure data). */
export type Lang = 'zh' | 'en';
export type Text = Record<Lang, string>;

export type ParamType = 'decimal' | 'integer' | 'date' | 'date?' | 'list';
export type ParamValue = string | number | string[] | null;

export interface ParamValueEntry {
  /** first day in force, YYYY-MM-DD */
  from: string;
  /** last day in force, or null: until the next entry (or for ever) */
  to: string | null;
  value: ParamValue;
  /** set by a what-if override (`--set`), never by the published policy */
  overridden?: boolean;
}

export interface ParameterDef {
  id: string;
  type: ParamType;
  unit: string;
  clause: string;
  decision?: string;
  label: Text;
  values: ParamValueEntry[];
}

export interface Clause {
  id: string;
  ref: string;
  zh: string;
  en: string;
}

export interface Decision {
  id: string;
  params: string[];
  rules: string[];
  zh: string;
  en: string;
}

export interface Policy {
  id: string;
  version: string;
  title: Text;
  /** sha256 of the canonical JSON of the parameters in force (overrides included) */
  paramsHash: string;
  parameters: ReadonlyMap<string, ParameterDef>;
  clauses: ReadonlyMap<string, Clause>;
  decisions: readonly Decision[];
}

/** What a rule used of a parameter: enough to explain it (value, unit, dates, clause, D-n). */
export interface ParamUse {
  id: string;
  value: ParamValue;
  unit: string;
  from: string;
  to: string | null;
  clause: string;
  decision?: string;
  overridden?: boolean;
}
