/**
 * `jiangbu` — the command line. Exit status: 0 done, 2 bad input or usage (message on stderr,
 * nothing on stdout), 1 an internal error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDataDir, openMigrated } from '../db/client.ts';
import { ParameterError, parseOverrideArg } from '../policy/load.ts';
import type { Lang } from '../rules/params/types.ts';
import { UserError } from '../service/errors.ts';
import { backup, restore } from './commands/backup.ts';
import { calc, simulate } from './commands/calc.ts';
import { exportCommand, importCommand, template } from './commands/excel.ts';
import { params, schema } from './commands/info.ts';
import { roster } from './commands/roster.ts';
import { seed } from './commands/seed.ts';
import { type Command, type Io, type Options, UsageError } from './context.ts';
import { USAGE } from './usage.ts';

export { type Io, UsageError };

const COMMANDS: Record<string, Command> = {
  calc,
  simulate,
  params,
  schema,
  seed,
  template,
  import: importCommand,
  export: exportCommand,
  backup,
  restore,
  roster,
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
  by: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function langOf(v: string | undefined): Lang {
  if (v === undefined || v === 'zh' || v === 'zh-CN') return 'zh';
  if (v === 'en') return 'en';
  throw new UsageError(`--lang ${v}: expected zh or en`);
}

/** The language asked for on the command line, read without failing (for messages about bad arguments). */
function langOrDefault(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const a = i < 0 ? undefined : argv[i];
  const v = a?.includes('=') ? a.split('=')[1] : a === undefined ? undefined : argv[i + 1];
  return v === 'en' ? 'en' : 'zh';
}

/** Runs one command; resolves to the exit status. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [name, ...args] = positionals;
    if (values.help || !name || name === 'help') {
      io.stdout(USAGE);
      return name || values.help ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command: ${name}`);
    const options = values as Options;
    return await command({ args, options, lang: langOf(options.lang), overrides: (options.set ?? []).map(parseOverrideArg), io });
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`jiangbu: ${e.messageIn(langOrDefault(argv))}\n`);
      return 2;
    }
    if (e instanceof ParameterError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`jiangbu: ${(e as Error).message}\n`);
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
  stdoutIsTerminal: process.stdout.isTTY === true,
  embeddedDir: () => (process.env.DATABASE_URL ? null : defaultDataDir()),
};
