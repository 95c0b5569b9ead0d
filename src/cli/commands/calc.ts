/** `jiangbu calc FILE.json` | `jiangbu calc --db` and `jiangbu simulate FILE.json --set …`. */
import type { MissingPrice } from '../../registry/scenario-build.ts';
import { parseDay } from '../../rules/dates/date.ts';
import type { Lang } from '../../rules/params/types.ts';
import { formatProblems, type Problem } from '../../rules/scenario/problems.ts';
import { runCalc, runSimulation } from '../../service/calc.ts';
import { calcFromDb } from '../../service/calc-db.ts';
import { type Command, type CommandContext, printJson, readJson, UsageError, withExistingDb } from '../context.ts';

/** The evaluation date of a registry command: --as-of, or today in China. */
export function asOfOption(ctx: CommandContext): string {
  const asOf = ctx.options['as-of'] ?? ctx.io.today();
  if (parseDay(asOf) === null)
    throw new UsageError(`--as-of ${asOf}：不是有效日期（YYYY-MM-DD）`, `--as-of ${asOf}: not a date YYYY-MM-DD`);
  return asOf;
}

/** R-8: a period whose market price the registry does not hold is calculated as unknown — say which. */
export function missingPriceWarning(missing: MissingPrice[], lang: Lang): string {
  if (missing.length === 0) return '';
  const groups = new Map<string, Set<string>>();
  for (const m of missing) {
    const key = m.category ?? '';
    groups.set(key, (groups.get(key) ?? new Set()).add(m.period));
  }
  const lines = [...groups].map(([category, periods]) => {
    const list = [...periods].sort().join(', ');
    if (lang === 'en') return `  ${category ? `category ${category}` : 'compounds without a category'}: ${list}`;
    return `  ${category ? `类别“${category}”` : '未填同类小区类别的小区'}：${list}`;
  });
  return lang === 'en'
    ? `warning: ${missing.length} half-year(s) have no market reference price — their fee ratio is unknown and tier 1 is not reached (jiangbu import prices):\n${lines.join('\n')}\n`
    : `警告：${missing.length} 个半年期没有市场参考价格，收费标准比例无法确定、不能认定一档（请导入：jiangbu import prices）：\n${lines.join('\n')}\n`;
}

/** The service names the what-if overrides `set`; on the command line they are `--set`. */
const asFlags = (problems: Problem[]): Problem[] => problems.map((p) => (p.path === 'set' ? { ...p, path: '--set' } : p));

export const calc: Command = async (ctx) => {
  const { options: o, io, lang } = ctx;
  const req = { explain: o.explain ?? false, lang, overrides: ctx.overrides };
  if (o.db) {
    if (ctx.args.length > 0) throw new UsageError('calc --db 不带文件参数', 'calc --db takes no file');
    const asOf = asOfOption(ctx);
    const out = await withExistingDb(ctx, (d) => calcFromDb(d.db, asOf, { community: o.community, compound: o.compound }, req));
    if (!out.ok) {
      io.stderr(`${lang === 'zh' ? '登记数据不一致：' : 'the registry is inconsistent:'}\n${formatProblems(out.problems, lang)}\n`);
      return 2;
    }
    io.stderr(missingPriceWarning(out.missingPrices, lang));
    printJson(ctx, out.value);
    return 0;
  }
  if (o['as-of'] || o.community || o.compound)
    throw new UsageError('--as-of、--community 和 --compound 须与 --db 一起使用', '--as-of, --community and --compound go with --db');
  const out = runCalc(readJson(ctx, ctx.args[0], 'jiangbu calc FILE.json'), req);
  if (!out.ok) {
    io.stderr(`${formatProblems(asFlags(out.problems), lang)}\n`);
    return 2;
  }
  printJson(ctx, out.value);
  return 0;
};

export const simulate: Command = async (ctx) => {
  if (ctx.overrides.length === 0)
    throw new UsageError('simulate 至少需要一个 --set 参数=值', 'simulate needs at least one --set PARAM=VALUE');
  const out = runSimulation(readJson(ctx, ctx.args[0], 'jiangbu simulate FILE.json --set PARAM=VALUE'), ctx.overrides);
  if (!out.ok) {
    ctx.io.stderr(`${formatProblems(asFlags(out.problems), ctx.lang)}\n`);
    return 2;
  }
  printJson(ctx, out.value);
  return 0;
};
