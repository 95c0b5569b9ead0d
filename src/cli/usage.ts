export const USAGE = `jiangbu — 二连浩特物业管理奖补 (Erenhot property-management subsidies)

Rules engine:
  jiangbu calc FILE.json [--explain] [--lang zh|en] [--set PARAM=VALUE …]
      Calculate every line of a scenario (FILE "-" reads stdin). Prints the result JSON.
  jiangbu simulate FILE.json --set PARAM=VALUE [--set …]
      What-if: totals per programme under the published and the changed parameters,
      the difference, and every line that changed.
  jiangbu params [--at YYYY-MM-DD] [--lang zh|en] [--json] [--set PARAM=VALUE …]
      Every parameter with its value, unit, effective dates, clause and decision (D-n).
  jiangbu schema
      The scenario's JSON Schema.

Registry (embedded database in ./data or JIANGBU_DATA_DIR; PostgreSQL when DATABASE_URL is set):
  jiangbu calc --db [--as-of YYYY-MM-DD] [--community CODE] [--compound CODE] [--explain] [--lang zh|en]
      Calculate from the registry (default evaluation date: today, China Standard Time).
  jiangbu seed --scenario FILE.json | --demo | --synthetic --compounds N
      Replace the registry: by a scenario (its ids become the records' codes), by the demo
      city, or by N generated compounds with takeovers and facts (benchmarks).
  jiangbu template roster|companies|engagements|facts|committees|facility [FILE.xlsx]      (stdout without FILE)
      An empty import sheet: Chinese headers and a notes row.
  jiangbu import roster|companies|engagements|facts|committees|facility FILE.xlsx [--report REPORT.xlsx]
      Check every row; change the registry only if no row has a blocking error (all or nothing).
      Prints the row-level report (errors and warnings, zh-CN); --report writes it as xlsx.
      Importing the same file again changes nothing.
  jiangbu export compounds|roster|companies|engagements FILE.xlsx
  jiangbu export lines FILE.xlsx [--as-of DATE] [--community CODE] [--compound CODE]
  jiangbu export scenario [FILE.json] [--as-of DATE]
      Registry tables and calculated lines with Chinese headers; the registry as a scenario.
  jiangbu roster request --compound CODE --action add|remove|amend --reason TEXT --evidence FILE
                 [--area A] [--households N] [--name NAME] [--kind compound|scattered] [--by WHO]
  jiangbu roster decide ID --approve|--reject [--note TEXT] [--by WHO]
  jiangbu roster changes
      Corrections of the sealed 2023 roster: a request with evidence (PDF, image, XLSX, DOCX),
      decided by the housing bureau; an approval appends a superseding entry, history stays.
  jiangbu backup FILE [--force] | jiangbu restore FILE
      The embedded database to a file (an existing FILE only with --force) and back: the backup is
      checked before the registry is touched; the data replaced is kept beside it.
      For PostgreSQL use pg_dump / pg_restore.

Exit status: 0 done; 2 bad input (each problem named by its JSON path on stderr); 1 internal error.
`;
