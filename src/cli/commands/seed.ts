/** `jiangbu seed --scenario FILE | --demo | --synthetic --compounds N [--force]`: fill a demo or test registry. */
import { demoAccountsText, listDemoAccounts } from '../../registry/demo-accounts.ts';
import { formatProblems } from '../../rules/scenario/problems.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import { type SeedSource, seedRegistry } from '../../service/seed.ts';
import { type Command, readJson, UsageError, withService } from '../context.ts';

const COUNT_NAMES: Record<string, [string, string]> = {
  subdistricts: ['街道', 'subdistricts'],
  communities: ['社区', 'communities'],
  compounds: ['小区', 'compounds'],
  roster: ['在册', 'on the roster'],
  companies: ['企业', 'companies'],
  engagements: ['承接', 'engagements'],
  periodFacts: ['半年情况', 'half-year facts'],
  assessments: ['考核', 'assessments'],
  rectifications: ['整改', 'rectifications'],
  committees: ['业委会', 'committees'],
  facilityApplications: ['设施改造申请', 'facility applications'],
  marketPrices: ['市场参考价格', 'market prices'],
  budgets: ['预算', 'budgets'],
  surveys: ['满意度调查', 'surveys'],
  surveyResponses: ['调查答卷', 'survey responses'],
  cases: ['办件', 'cases'],
};

export const seed: Command = async (ctx) => {
  const { options: o, io, lang } = ctx;
  const zh = lang === 'zh';
  let source: SeedSource;
  if ([o.scenario !== undefined, o.demo, o.synthetic].filter(Boolean).length !== 1)
    throw new UsageError(
      'seed 需要且只能选一个：--scenario 文件、--demo 或 --synthetic --compounds N',
      'seed needs exactly one of --scenario FILE, --demo, or --synthetic --compounds N',
    );
  if (o.scenario !== undefined) {
    const v = validateScenario(readJson(ctx, o.scenario, 'jiangbu seed --scenario FILE.json'));
    if (!v.ok) {
      io.stderr(`${formatProblems(v.problems, lang)}\n`);
      return 2;
    }
    source = { kind: 'scenario', scenario: v.scenario };
  } else if (o.demo) source = { kind: 'demo' };
  else {
    const n = Number(o.compounds ?? '');
    if (!Number.isSafeInteger(n) || n < 1)
      throw new UsageError(
        'seed --synthetic 需要 --compounds N（不小于 1 的整数）',
        'seed --synthetic needs --compounds N (a whole number ≥ 1)',
      );
    source = { kind: 'synthetic', compounds: n, onProgress: (done) => io.interactive && io.stderr(`\r${done} / ${n}`) };
  }
  if (o.compounds !== undefined && !o.synthetic)
    throw new UsageError('--compounds 只用于 --synthetic', '--compounds goes with --synthetic');
  const started = Date.now();
  const { counts, accounts } = await withService(ctx, async (s) => {
    const counts = await seedRegistry(s, source, { force: o.force === true });
    return { counts, accounts: source.kind === 'demo' ? await listDemoAccounts(s.db) : [] };
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const list = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${COUNT_NAMES[k]?.[zh ? 0 : 1] ?? k} ${n}`)
    .join(zh ? '，' : ', ');
  const what = {
    scenario: ['场景', 'the scenario'],
    demo: ['演示城市（虚构数据）', 'the demo city (fictional)'],
    synthetic: ['合成数据', 'synthetic data'],
  }[source.kind];
  io.stderr(
    zh
      ? `${io.interactive && source.kind === 'synthetic' ? '\n' : ''}登记库已替换为${what[0]}（${seconds} 秒）：${list}\n`
      : `${io.interactive && source.kind === 'synthetic' ? '\n' : ''}the registry now holds ${what[1]} (${seconds} s): ${list}\n`,
  );
  io.stderr(demoAccountsText(accounts));
  return 0;
};
