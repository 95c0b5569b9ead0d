/**
 * `jiangbu` — the command line. Exit status: 0 done, 2 bad input or usage (message on stderr,
 * nothing on stdout), 1 an internal error. Messages are zh-CN, English with `--lang en`.
 * The CLI is an adapter: it parses and presents; the service layer decides.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir, openMigrated } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { ParameterError, parseOverrideArg } from '../policy/load.ts';
import type { Lang } from '../rules/params/types.ts';
import { operator } from '../service/actor.ts';
import { account } from './commands/account.ts';
import { audit } from './commands/audit.ts';
import { backup, restore } from './commands/backup.ts';
import { calc, simulate } from './commands/calc.ts';
import { exportCommand, importCommand, template } from './commands/excel.ts';
import { params, schema } from './commands/info.ts';
import { batch, budget, settleCommand } from './commands/money.ts';
import { report } from './commands/report.ts';
import { roster } from './commands/roster.ts';
import { seed } from './commands/seed.ts';
import { spending } from './commands/spending.ts';
import { user } from './commands/user.ts';
import { type Command, type Io, type Options, UsageError } from './context.ts';
import { usage } from './usage.ts';

export { type Io, UsageError };

type OptionName = keyof Options;

interface Spec {
  run: Command;
  /** the options the command takes (besides --lang and --help) */
  options: OptionName[];
  /** per subcommand or kind (the first argument), when they differ */
  by?: Record<string, OptionName[]>;
}

const COMMANDS: Record<string, Spec> = {
  calc: { run: calc, options: ['explain', 'set', 'db', 'as-of', 'community', 'compound'] },
  simulate: { run: simulate, options: ['set'] },
  params: { run: params, options: ['at', 'json', 'set'] },
  schema: { run: schema, options: [] },
  seed: { run: seed, options: ['scenario', 'demo', 'synthetic', 'compounds', 'force'] },
  template: { run: template, options: [] },
  import: { run: importCommand, options: ['report'] },
  export: {
    run: exportCommand,
    options: [],
    by: {
      compounds: ['as-of'],
      lines: ['as-of', 'community', 'compound', 'set'],
      scenario: ['as-of'],
      budgets: ['year'],
    },
  },
  backup: { run: backup, options: ['force'] },
  restore: { run: restore, options: [] },
  roster: {
    run: roster,
    options: [],
    by: {
      request: ['compound', 'action', 'reason', 'evidence', 'name', 'kind', 'area', 'households'],
      decide: ['approve', 'reject', 'note'],
      changes: ['json'],
    },
  },
  account: { run: account, options: [], by: { changes: ['json', 'status'], decide: ['approve', 'reject', 'note'] } },
  audit: { run: audit, options: [], by: { verify: [], purge: ['before'] } },
  report: { run: report, options: ['json', 'xlsx'], by: { funds: ['year'], coverage: ['as-of'], satisfaction: ['year'] } },
  user: { run: user, options: [], by: { create: ['username', 'role', 'scope'], list: ['json'] } },
  budget: { run: budget, options: [], by: { show: ['year', 'json'], set: ['year', 'programme', 'amount', 'note'] } },
  settle: { run: settleCommand, options: ['period', 'year', 'as-of', 'json'] },
  spending: { run: spending, options: [], by: { show: ['json'] } },
  batch: {
    run: batch,
    options: [],
    by: { list: ['json'], show: ['json'], approve: ['username'], 'bank-file': [], form: [], 'bank-result': [] },
  },
};

const OPTIONS = {
  explain: { type: 'boolean' },
  lang: { type: 'string' },
  set: { type: 'string', multiple: true },
  at: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'boolean' },
  'as-of': { type: 'string' },
  community: { type: 'string' },
  compound: { type: 'string' },
  scenario: { type: 'string' },
  demo: { type: 'boolean' },
  synthetic: { type: 'boolean' },
  compounds: { type: 'string' },
  report: { type: 'string' },
  action: { type: 'string' },
  reason: { type: 'string' },
  evidence: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  area: { type: 'string' },
  households: { type: 'string' },
  approve: { type: 'boolean' },
  reject: { type: 'boolean' },
  note: { type: 'string' },
  force: { type: 'boolean' },
  status: { type: 'string' },
  username: { type: 'string' },
  role: { type: 'string' },
  scope: { type: 'string' },
  before: { type: 'string' },
  year: { type: 'string' },
  programme: { type: 'string' },
  amount: { type: 'string' },
  period: { type: 'string' },
  xlsx: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function langOf(v: string | undefined): Lang {
  if (v === undefined || v === 'zh' || v === 'zh-CN') return 'zh';
  if (v === 'en') return 'en';
  throw new UsageError(`--lang ${v}：应为 zh 或 en`, `--lang ${v}: expected zh or en`);
}

/** The language asked for on the command line, read without failing (for messages about bad arguments). */
function langOrDefault(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const a = i < 0 ? undefined : argv[i];
  const v = a?.includes('=') ? a.split('=')[1] : a === undefined ? undefined : argv[i + 1];
  return v === 'en' ? 'en' : 'zh';
}

/** Options the command does not take are refused, not ignored. */
function checkOptions(name: string, spec: Spec, args: string[], given: Options): void {
  const allowed = new Set<string>([...spec.options, ...(spec.by?.[args[0] ?? ''] ?? []), 'lang', 'help']);
  const what = spec.by && args[0] ? `${name} ${args[0]}` : name;
  for (const [k, v] of Object.entries(given))
    if (v !== undefined && !allowed.has(k))
      throw new UsageError(
        `jiangbu ${what} 不支持选项 --${k}（见 jiangbu help）`,
        `jiangbu ${what} does not take --${k} (see jiangbu help)`,
      );
}

/** Node's own messages for bad arguments, in the user's language. */
function parseArgsMessage(e: Error & { code?: string }): { zh: string; en: string } {
  const option = /'(-[^']*)'/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return { zh: `未知选项 ${option}（见 jiangbu help）`, en: `unknown option ${option} (see jiangbu help)` };
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return { zh: `选项 ${option} 的值不对：${e.message}`, en: `option ${option}: ${e.message}` };
  return { zh: `参数有误：${e.message}`, en: e.message };
}

/** Runs one command; resolves to the exit status. */
export async function run(argv: string[], io: Io): Promise<number> {
  const lang = langOrDefault(argv);
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [name, ...args] = positionals;
    if (values.help || !name || name === 'help') {
      io.stdout(usage(langOf(values.lang)));
      return name || values.help ? 0 : 2;
    }
    const spec = COMMANDS[name];
    if (!spec) throw new UsageError(`未知命令：${name}（见 jiangbu help）`, `unknown command: ${name} (see jiangbu help)`);
    const options = values as Options;
    checkOptions(name, spec, args, options);
    return await spec.run({ args, options, lang: langOf(options.lang), overrides: (options.set ?? []).map(parseOverrideArg), io });
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`jiangbu: ${e.messageIn(lang)}\n`);
      return 2;
    }
    if (e instanceof ParameterError) {
      io.stderr(`jiangbu: ${(e as Error).message}\n`);
      return 2;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`jiangbu: ${parseArgsMessage(e as Error)[lang]}\n`);
      return 2;
    }
    throw e;
  }
}

/** Today in China Standard Time (UTC+8). */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p === '-' ? 0 : p, 'utf8'),
  openDb: (opts) => openMigrated(opts),
  today: chinaToday,
  binaryStdout: () => process.stdout,
  interactive: process.stderr.isTTY === true,
  actor: operator(),
  stdoutIsTerminal: process.stdout.isTTY === true,
  embeddedDir: () => (process.env.DATABASE_URL ? null : defaultDataDir()),
};
