/** What every command gets: parsed options, the I/O it may use, and the usage error it may throw. */
import type { Writable } from 'node:stream';
import { type Database, defaultDataDir, type OpenOptions } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import type { Override } from '../policy/load.ts';
import type { Lang } from '../rules/params/types.ts';
import type { Actor } from '../service/actor.ts';
import type { ServiceContext } from '../service/command.ts';
import { writeJson } from './json-stream.ts';

/** Bad usage or input on the command line: exit status 2 and the message, zh-CN or English. */
export class UsageError extends UserError {
  constructor(zh: string, en: string = zh) {
    super('usage', { zh, en });
  }
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  /** opens (and migrates) the registry: embedded, or DATABASE_URL; `create: false` refuses to make an empty one */
  openDb: (opts?: Pick<OpenOptions, 'create'>) => Promise<Database>;
  /** today in China Standard Time, YYYY-MM-DD (the default evaluation date of `calc --db`) */
  today: () => string;
  /** where binary output goes when no file is named (a template to stdout) */
  binaryStdout: () => Writable;
  /** whether stderr is a terminal (progress bars) */
  interactive: boolean;
  /** who acts: the operator at the server's shell (src/service/actor.ts) */
  actor: Actor;
  /** whether stdout is a terminal (binary output is refused there); absent: it is not */
  stdoutIsTerminal?: boolean;
  /**
   * the embedded registry's directory, or null when DATABASE_URL names a PostgreSQL server (backup,
   * restore); absent: as the environment says (JIANGBU_DATA_DIR or ./data, DATABASE_URL)
   */
  embeddedDir?: () => string | null;
}

export interface Options {
  explain?: boolean | undefined;
  lang?: string | undefined;
  set?: string[] | undefined;
  at?: string | undefined;
  json?: boolean | undefined;
  db?: boolean | undefined;
  'as-of'?: string | undefined;
  community?: string | undefined;
  compound?: string | undefined;
  scenario?: string | undefined;
  demo?: boolean | undefined;
  synthetic?: boolean | undefined;
  compounds?: string | undefined;
  report?: string | undefined;
  action?: string | undefined;
  reason?: string | undefined;
  evidence?: string | undefined;
  name?: string | undefined;
  kind?: string | undefined;
  area?: string | undefined;
  households?: string | undefined;
  approve?: boolean | undefined;
  reject?: boolean | undefined;
  note?: string | undefined;
  force?: boolean | undefined;
  status?: string | undefined;
  username?: string | undefined;
  role?: string | undefined;
  scope?: string | undefined;
  before?: string | undefined;
  year?: string | undefined;
  programme?: string | undefined;
  amount?: string | undefined;
  period?: string | undefined;
  xlsx?: string | undefined;
  help?: boolean | undefined;
}

export interface CommandContext {
  args: string[];
  options: Options;
  lang: Lang;
  overrides: Override[];
  io: Io;
}

export type Command = (ctx: CommandContext) => Promise<number>;

export const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** Prints a value as indented JSON, piece by piece (results can be larger than a string may be). */
export const printJson = (ctx: CommandContext, v: unknown): void => writeJson(v, ctx.io.stdout);

/** Reads and parses a JSON file named on the command line ("-": stdin). */
export function readJson(ctx: CommandContext, file: string | undefined, what: string): unknown {
  const zh = ctx.lang === 'zh';
  if (!file) throw new UsageError(zh ? `缺少文件：${what}` : `missing file: ${what}`);
  let text: string;
  try {
    text = ctx.io.readFile(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(`${file}: ${missing ? (zh ? '文件不存在' : 'no such file') : (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: ${zh ? '不是有效的 JSON' : 'not valid JSON'} (${(e as Error).message})`);
  }
}

/** Runs `fn` with the service layer's context (the registry and the acting user), then closes the registry. */
export async function withService<T>(
  ctx: CommandContext,
  fn: (s: ServiceContext, d: Database) => Promise<T>,
  opts?: Pick<OpenOptions, 'create'>,
): Promise<T> {
  return withDb(ctx, (d) => fn({ db: d.db, actor: ctx.io.actor }, d), opts);
}

/** The service layer on a registry that must exist: commands that only read never make an empty one. */
export const withExistingService = <T>(ctx: CommandContext, fn: (s: ServiceContext, d: Database) => Promise<T>): Promise<T> =>
  withService(ctx, fn, { create: false });

/** Runs `fn` on the registry and closes it, whatever happens; a missing embedded registry is made (commands that write). */
export async function withDb<T>(ctx: CommandContext, fn: (d: Database) => Promise<T>, opts?: Pick<OpenOptions, 'create'>): Promise<T> {
  const d = await ctx.io.openDb(opts);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

/** Runs `fn` on the registry, which must exist: commands that only read never make an empty one. */
export const withExistingDb = <T>(ctx: CommandContext, fn: (d: Database) => Promise<T>): Promise<T> => withDb(ctx, fn, { create: false });

/** The embedded registry's directory, or null when the registry is a PostgreSQL server (DATABASE_URL). */
export const embeddedDir = (ctx: CommandContext): string | null =>
  ctx.io.embeddedDir ? ctx.io.embeddedDir() : process.env.DATABASE_URL ? null : defaultDataDir();
