/**
 * `jiangbu` — the command line. Exit status: 0 done, 2 bad input or usage (message on stderr,
 * nothing on stdout), 1 an internal error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Override, ParameterError, parseOverrideArg } from '../policy/load.ts';
import type { Lang } from '../rules/params/types.ts';
import { formatProblems } from '../rules/scenario/problems.ts';
import { scenarioJsonSchema } from '../rules/scenario/schema.ts';
import { runCalc, runSimulation } from '../service/calc.ts';
import { paramsTable } from './params.ts';
import { USAGE } from './usage.ts';

export class UsageError extends Error {}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
}

const OPTIONS = {
  explain: { type: 'boolean' },
  lang: { type: 'string' },
  set: { type: 'string', multiple: true },
  at: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function langOf(v: string | undefined): Lang {
  if (v === undefined || v === 'zh' || v === 'zh-CN') return 'zh';
  if (v === 'en') return 'en';
  throw new UsageError(`--lang ${v}: expected zh or en`);
}

function readScenario(io: Io, file: string | undefined, lang: Lang): unknown {
  if (!file) throw new UsageError(lang === 'zh' ? '缺少场景文件：jiangbu calc FILE.json' : 'missing scenario file: jiangbu calc FILE.json');
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new UsageError(
      `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? (lang === 'zh' ? '文件不存在' : 'no such file') : (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: ${lang === 'zh' ? '不是有效的 JSON' : 'not valid JSON'} (${(e as Error).message})`);
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Runs one command; returns the exit status. */
export function run(argv: string[], io: Io): number {
  let lang: Lang = 'zh';
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    lang = langOf(values.lang);
    const [command, file, ...rest] = positionals;
    if (values.help || !command || command === 'help') {
      io.stdout(USAGE);
      return command || values.help ? 0 : 2;
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(' ')}`);
    const overrides: Override[] = (values.set ?? []).map(parseOverrideArg);
    switch (command) {
      case 'calc': {
        const out = runCalc(readScenario(io, file, lang), { explain: values.explain ?? false, lang, overrides });
        if (!out.ok) {
          io.stderr(`${formatProblems(out.problems, lang)}\n`);
          return 2;
        }
        io.stdout(json(out.value));
        return 0;
      }
      case 'simulate': {
        if (overrides.length === 0) throw new UsageError('simulate needs at least one --set PARAM=VALUE');
        const out = runSimulation(readScenario(io, file, lang), overrides);
        if (!out.ok) {
          io.stderr(`${formatProblems(out.problems, lang)}\n`);
          return 2;
        }
        io.stdout(json(out.value));
        return 0;
      }
      case 'params': {
        if (file) throw new UsageError(`unexpected argument: ${file}`);
        io.stdout(paramsTable({ at: values.at, lang, json: values.json ?? false, overrides }));
        return 0;
      }
      case 'schema':
        io.stdout(json(scenarioJsonSchema()));
        return 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ParameterError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`jiangbu: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p === '-' ? 0 : p, 'utf8'),
};
