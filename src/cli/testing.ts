/** For tests: the real `jiangbu` command line, run in process on an embedded registry of its own. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openMigrated } from '../db/client.ts';
import type { Actor } from '../service/actor.ts';
import type { Io } from './context.ts';
import { run } from './main.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  /** what went to the binary stdout (a template without a file name) */
  binary: Buffer;
}

export interface RegistryCli {
  /** a temporary directory for the test's files; the registry is `${work}/data` */
  work: string;
  dataDir: string;
  /** runs `jiangbu ...args`; a thrown error (an internal error, a stack) fails the test */
  cli: (...args: string[]) => Promise<CliRun>;
  dispose: () => void;
}

/**
 * `jiangbu` on the embedded registry `${work}/data` — which does not exist until a command makes
 * it. `stdoutIsTerminal` pretends stdout is a terminal; `databaseUrl` pretends DATABASE_URL is set.
 */
export function registryCli(opts: { stdoutIsTerminal?: boolean; databaseUrl?: boolean; actor?: Actor } = {}): RegistryCli {
  const work = mkdtempSync(join(tmpdir(), 'jiangbu-cli-'));
  const dataDir = join(work, 'data');
  const cli = async (...args: string[]): Promise<CliRun> => {
    const out = { stdout: '', stderr: '', chunks: [] as Buffer[] };
    const io: Io = {
      stdout: (s) => {
        out.stdout += s;
      },
      stderr: (s) => {
        out.stderr += s;
      },
      readFile: (p) => readFileSync(p, 'utf8'),
      openDb: (o) => openMigrated({ url: '', dataDir, ...o }),
      embeddedDir: () => (opts.databaseUrl ? null : dataDir),
      today: () => '2026-11-29',
      binaryStdout: () =>
        new Writable({
          write(chunk, _enc, done) {
            out.chunks.push(Buffer.from(chunk));
            done();
          },
        }),
      interactive: false,
      stdoutIsTerminal: opts.stdoutIsTerminal ?? false,
      actor: opts.actor ?? { username: 'os:tester', role: 'admin', channel: 'cli' },
    };
    const status = await run(args, io);
    return { status, stdout: out.stdout, stderr: out.stderr, binary: Buffer.concat(out.chunks) };
  };
  return { work, dataDir, cli, dispose: () => rmSync(work, { recursive: true, force: true }) };
}
