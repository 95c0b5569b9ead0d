/**
 * Builds the console (web/ → web/dist) with Vite when it is missing or older than its sources — what
 * `npm start` runs before the server, so a fresh clone works after a plain `npm install`.
 * `tsx src/server/console-build.ts` builds if stale; `--force` always.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONSOLE_DIST } from './console.ts';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The newest modification time among the console's sources (with src/workflow, whose names and tables the
 * console bundles) and the package manifest (a new version of a dependency).
 */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const f of readdirSync(path)) visit(join(path, f));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    join(WEB, 'src'),
    join(ROOT, 'src', 'workflow'),
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    join(ROOT, 'package-lock.json'),
  ])
    if (existsSync(p)) visit(p);
  return newest;
}

/** Why the console needs building, or null when web/dist is newer than every source. */
export function consoleStale(dist = CONSOLE_DIST): string | null {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  return statSync(index).mtimeMs < newestSource() ? 'a source is newer than web/dist' : null;
}

/** Runs Vite's production build; returns how long it took (ms). */
export async function buildConsole(outDir = CONSOLE_DIST, opts: { quiet?: boolean } = {}): Promise<number> {
  const started = performance.now();
  const { build } = await import('vite');
  await build({
    configFile: join(WEB, 'vite.config.ts'),
    root: WEB,
    logLevel: opts.quiet ? 'warn' : 'info',
    build: { outDir, emptyOutDir: true },
  });
  return performance.now() - started;
}

/** Builds when stale (or always, `force`); says what it did on stderr. */
export async function ensureConsole(opts: { force?: boolean; dist?: string; quiet?: boolean } = {}): Promise<void> {
  const dist = opts.dist ?? CONSOLE_DIST;
  const why = opts.force ? 'asked to' : consoleStale(dist);
  if (!why) return;
  process.stderr.write(`jiangbu: 正在构建控制台（${why}）/ building the console (${why})…\n`);
  const ms = await buildConsole(dist, { quiet: opts.quiet ?? false });
  process.stderr.write(`jiangbu: 控制台已构建 / console built in ${(ms / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureConsole({ force: process.argv.includes('--force') });
}
