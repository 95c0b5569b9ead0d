/**
 * `npm run bench:import` — importing a 100,000-row roster vs a bare exceljs streaming read of the same
 * file (not a test; figures go to BENCHMARKS.md). Each phase runs in its own process so that its peak
 * memory (VmHWM) is its own. Options: --rows N (default 100000).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as t from '../src/db/schema.ts';
import { freshDatabase } from '../src/db/testing.ts';
import ExcelJS from '../src/excel/exceljs.ts';
import { SHEETS } from '../src/excel/sheets.ts';
import { type TableColumn, writeTablesFile } from '../src/excel/workbook.ts';
import { insertBatched } from '../src/registry/batch.ts';
import { SYSTEM } from '../src/service/actor.ts';
import { command } from '../src/service/command.ts';
import { importFile } from '../src/service/import/index.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, phase: { type: 'string' }, file: { type: 'string' } },
});
const rows = Number(values.rows);

const peakMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

async function makeFile(file: string) {
  const columns: TableColumn[] = SHEETS.roster.columns.map((c) => ({
    header: c.header,
    format: c.type === 'area' ? 'decimal' : c.type === 'integer' ? 'integer' : 'text',
  }));
  function* data() {
    for (let i = 0; i < rows; i++) {
      const community = i % 600;
      yield [
        `街道${Math.floor(community / 10)}`,
        `社区${community}`,
        `小区${i}`,
        i % 9 === 4 ? '零散楼栋' : '小区',
        `道路${i % 50}号`,
        (1000 + (i % 50000) + (i % 100) / 100).toFixed(2),
        20 + (i % 300),
        10 + (i % 20),
        '一类',
      ];
    }
  }
  await writeTablesFile(file, [{ title: '名单', columns, rows: data() }]);
}

if (values.phase === 'read') {
  const t0 = performance.now();
  let n = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(values.file as string, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const ws of reader) for await (const _row of ws) n++;
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows: n - 1, peakMb: peakMb() }));
} else if (values.phase === 'import') {
  const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const { database, dispose } = await freshDatabase(driver);
  const ctx = { db: database.db, actor: SYSTEM };
  // the places and the price category the roster names are registered first, as in real use
  await command(ctx, { action: 'bench.setup' }, async (tx) => {
    const subs = await insertBatched(
      tx,
      t.subdistricts,
      Array.from({ length: 60 }, (_, i) => ({ code: `S${i}`, name: `街道${i}` })),
    );
    await insertBatched(
      tx,
      t.communities,
      Array.from({ length: 600 }, (_, i) => ({ code: `C${i}`, name: `社区${i}`, subdistrictId: subs[Math.floor(i / 10)]?.id as number })),
    );
    await tx.insert(t.marketPrices).values({ category: '一类', price: '1.20', effectiveFrom: '2024-01-01' });
  });
  const t0 = performance.now();
  const report = await importFile(ctx, 'roster', values.file as string);
  const seconds = (performance.now() - t0) / 1000;
  await dispose();
  if (!report.applied) throw new Error(`import refused: ${JSON.stringify(report.errors.slice(0, 3))}`);
  console.log(JSON.stringify({ seconds, rows: report.rows, created: report.created, peakMb: peakMb(), driver }));
} else {
  const file = join(tmpdir(), `jiangbu-bench-roster-${rows}.xlsx`);
  if (!existsSync(file)) await makeFile(file);
  const self = fileURLToPath(import.meta.url);
  const phase = (name: string, env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--phase', name, '--file', file, '--rows', String(rows)], {
      encoding: 'utf8',
      env,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  };
  const { DATABASE_URL, ...embedded } = process.env;
  const read = phase('read', embedded);
  console.log(`file: ${rows.toLocaleString('en')} roster rows (${file})`);
  console.log(`bare exceljs streaming read:  ${read.seconds.toFixed(2)} s, peak ${read.peakMb.toFixed(0)} MB`);
  const imported = phase('import', embedded);
  console.log(
    `jiangbu import roster (PGlite): ${imported.seconds.toFixed(2)} s = ${(imported.seconds / read.seconds).toFixed(2)}× the bare read, peak ${imported.peakMb.toFixed(0)} MB`,
  );
  if (DATABASE_URL) {
    const pg = phase('import', process.env);
    console.log(
      `jiangbu import roster (PostgreSQL): ${pg.seconds.toFixed(2)} s = ${(pg.seconds / read.seconds).toFixed(2)}× the bare read, peak ${pg.peakMb.toFixed(0)} MB`,
    );
  }
}
