/**
 * `npm run bench:bundle`: builds the console (web/ → web/dist) and prints what a browser downloads on
 * the first visit — the entry script and every module it preloads (index.html), gzip-compressed — and
 * each lazily loaded chunk. Goal: first load ≤ 400 KB of JS, gzip (BENCHMARKS.md "Console bundle").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST } from '../src/server/console.ts';
import { buildConsole } from '../src/server/console-build.ts';

const GOAL_KB = 400;
const ms = await buildConsole(CONSOLE_DIST, { quiet: true });
const assets = join(CONSOLE_DIST, 'assets');
const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
const first = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1] as string));
const kb = (n: number) => (n / 1024).toFixed(1);
const rows = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const bytes = readFileSync(join(assets, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, first: first.has(f) };
  })
  .sort((a, b) => Number(b.first) - Number(a.first) || b.gzip - a.gzip);

const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const out = [
  `console build: ${(ms / 1000).toFixed(1)} s (vite, production)`,
  '',
  line(['chunk', 'loaded', 'raw KB', 'gzip KB']),
  line(['---', '---', '---:', '---:']),
  ...rows.map((r) => line([r.file.replace(/-[\w-]{8}\.js$/, '.js'), r.first ? 'first load' : 'lazy', kb(r.raw), kb(r.gzip)])),
];
const total = rows.filter((r) => r.first).reduce((s, r) => s + r.gzip, 0);
const css = readdirSync(assets)
  .filter((f) => f.endsWith('.css'))
  .reduce((s, f) => s + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
out.push(
  '',
  `first load: ${kb(total)} KB of JS gzip (+ ${kb(css)} KB CSS) — goal ≤ ${GOAL_KB} KB: ${total / 1024 <= GOAL_KB ? 'met' : 'NOT met'}`,
);
process.stdout.write(`${out.join('\n')}\n`);
