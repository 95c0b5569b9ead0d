export const USAGE = `jiangbu — 二连浩特物业管理奖补 (Erenhot property-management subsidies)

Usage:
  jiangbu calc FILE.json [--explain] [--lang zh|en] [--set PARAM=VALUE …]
      Calculate every line of a scenario (FILE "-" reads stdin). Prints the result JSON.
  jiangbu simulate FILE.json --set PARAM=VALUE [--set …]
      What-if: totals per programme under the published and the changed parameters,
      the difference, and every line that changed.
  jiangbu params [--at YYYY-MM-DD] [--lang zh|en] [--json] [--set PARAM=VALUE …]
      Every parameter with its value, unit, effective dates, clause and decision (D-n).
  jiangbu schema
      The scenario's JSON Schema.

Exit status: 0 done; 2 bad input (each problem named by its JSON path on stderr); 1 internal error.
`;
