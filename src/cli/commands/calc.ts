/** `jiangbu calc FILE.json` | `jiangbu calc --db` and `jiangbu simulate FILE.json --set …`. */
import { parseDay } from '../../rules/dates/date.ts';
import { formatProblems, type Problem } from '../../rules/scenario/problems.ts';
import { runCalc, runSimulation } from '../../service/calc.ts';
import { calcFromDb } from '../../service/calc-db.ts';
import { type Command, printJson, readJson, UsageError, withDb } from '../context.ts';

/** The service names the what-if overrides `set`; on the command line they are `--set`. */
const asFlags = (problems: Problem[]): Problem[] => problems.map((p) => (p.path === 'set' ? { ...p, path: '--set' } : p));

export const calc: Command = async (ctx) => {
  const { options: o, io, lang } = ctx;
  const req = { explain: o.explain ?? false, lang, overrides: ctx.overrides };
  if (o.db) {
    if (ctx.args.length > 0) throw new UsageError('calc --db takes no file');
    const asOf = o['as-of'] ?? io.today();
    if (parseDay(asOf) === null) throw new UsageError(`--as-of ${asOf}: not a date YYYY-MM-DD`);
    const out = await withDb(ctx, (d) => calcFromDb(d.db, asOf, { community: o.community, compound: o.compound }, req));
    if (!out.ok) {
      io.stderr(`${lang === 'zh' ? '登记数据不一致：' : 'the registry is inconsistent:'}\n${formatProblems(out.problems, lang)}\n`);
      return 2;
    }
    printJson(ctx, out.value);
    return 0;
  }
  if (o['as-of'] || o.community || o.compound) throw new UsageError('--as-of, --community and --compound go with --db');
  const out = runCalc(readJson(ctx, ctx.args[0], 'jiangbu calc FILE.json'), req);
  if (!out.ok) {
    io.stderr(`${formatProblems(asFlags(out.problems), lang)}\n`);
    return 2;
  }
  printJson(ctx, out.value);
  return 0;
};

export const simulate: Command = async (ctx) => {
  if (ctx.overrides.length === 0) throw new UsageError('simulate needs at least one --set PARAM=VALUE');
  const out = runSimulation(readJson(ctx, ctx.args[0], 'jiangbu simulate FILE.json --set PARAM=VALUE'), ctx.overrides);
  if (!out.ok) {
    ctx.io.stderr(`${formatProblems(asFlags(out.problems), ctx.lang)}\n`);
    return 2;
  }
  printJson(ctx, out.value);
  return 0;
};
