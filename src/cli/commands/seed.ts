/** `jiangbu seed --scenario FILE | --demo | --synthetic --compounds N`: fill the registry. */
import { seedDemo } from '../../registry/demo.ts';
import { loadScenario, replaceRegistry } from '../../registry/scenario-load.ts';
import { seedSynthetic } from '../../registry/synthetic.ts';
import { formatProblems } from '../../rules/scenario/problems.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import { type Command, readJson, UsageError, withDb } from '../context.ts';

export const seed: Command = async (ctx) => {
  const { options: o, io, lang } = ctx;
  const zh = lang === 'zh';
  if (o.scenario) {
    const v = validateScenario(readJson(ctx, o.scenario, 'jiangbu seed --scenario FILE.json'));
    if (!v.ok) {
      io.stderr(`${formatProblems(v.problems, lang)}\n`);
      return 2;
    }
    const counts = await withDb(ctx, async (d) => {
      await replaceRegistry(d.db);
      return loadScenario(d.db, v.scenario);
    });
    io.stderr(`${zh ? '已用场景替换登记数据' : 'registry replaced by the scenario'}: ${JSON.stringify(counts)}\n`);
    return 0;
  }
  if (o.demo) {
    const counts = await withDb(ctx, (d) => seedDemo(d.db));
    io.stderr(`${zh ? '已载入演示数据（替换原有登记数据）' : 'demo data loaded (the registry was replaced)'}: ${JSON.stringify(counts)}\n`);
    return 0;
  }
  if (o.synthetic) {
    const n = Number(o.compounds ?? '');
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('seed --synthetic needs --compounds N (a whole number ≥ 1)');
    const started = Date.now();
    const counts = await withDb(ctx, (d) =>
      seedSynthetic(d.db, n, (done) => {
        if (io.interactive) io.stderr(`\r${done} / ${n}`);
      }),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stderr(`\n${zh ? '已生成合成数据' : 'synthetic registry'} (${seconds} s): ${JSON.stringify(counts)}\n`);
    return 0;
  }
  throw new UsageError('seed needs --scenario FILE, --demo, or --synthetic --compounds N');
};
