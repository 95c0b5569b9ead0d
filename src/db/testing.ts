/**
 * Database tests run on every driver at hand: embedded PGlite always, PostgreSQL when DATABASE_URL
 * is set. A missing driver is reported as a skipped suite, loudly — and as a failure when
 * JIANGBU_REQUIRE_ALL=1 (CI), so a green run never hides a driver that did not run.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, openDatabase, openMigrated } from './client.ts';

export type Driver = 'pglite' | 'postgres';

const migrations = fileURLToPath(new URL('./migrations', import.meta.url));

function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else h.update(f.name).update(readFileSync(p));
    }
  };
  walk(migrations);
  return h.digest('hex').slice(0, 16);
}

/** A migrated PGlite directory made once per migration set and copied for each test database. */
async function pgliteTemplate(): Promise<string> {
  const dir = join(tmpdir(), `jiangbu-pglite-template-${migrationsHash()}`);
  if (existsSync(dir)) return dir;
  const building = mkdtempSync(join(tmpdir(), 'jiangbu-pglite-building-'));
  const d = await openMigrated({ url: '', dataDir: building });
  await d.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test process made it first
  }
  return dir;
}

let counter = 0;

/** A fresh, migrated database on `driver`, and how to throw it away. */
export async function freshDatabase(driver: Driver): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (driver === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiangbu-test-'));
    cpSync(await pgliteTemplate(), dataDir, { recursive: true });
    const database = await openDatabase({ url: '', dataDir });
    return {
      database,
      dispose: async () => {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.DATABASE_URL as string;
  const name = `jiangbu_t_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openMigrated({ url: u.toString() });
  return {
    database,
    dispose: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const drivers: Driver[] = ['pglite', 'postgres'];

function unavailable(driver: Driver): string | null {
  if (driver === 'postgres' && !process.env.DATABASE_URL) return 'DATABASE_URL is not set: the PostgreSQL run of these tests is SKIPPED';
  return null;
}

type TestFn = (name: string, fn: () => Promise<void> | void) => void;

/**
 * `describe` once per driver, with a fresh database for the block (`ctx.database`); the block
 * registers its tests with `it`. Tests in one block share the database: give each its own codes.
 * Without a driver every test is reported as skipped, naming why (a failure under JIANGBU_REQUIRE_ALL=1).
 */
export function describeDb(title: string, body: (ctx: { readonly database: Database }, it: TestFn) => void): void {
  for (const driver of drivers) {
    const why = unavailable(driver);
    if (why) {
      const required = process.env.JIANGBU_REQUIRE_ALL === '1';
      console.warn(`\n!!! ${title} [${driver}]: ${why}${required ? ' — and JIANGBU_REQUIRE_ALL=1 makes it a failure' : ''}\n`);
      describe(`${title} [${driver}]`, () => {
        const it: TestFn = required
          ? (name) =>
              test(name, () => {
                throw new Error(`${why} (JIANGBU_REQUIRE_ALL=1)`);
              })
          : (name, fn) => test(name, { skip: why }, fn);
        body({ database: undefined as unknown as Database }, it);
      });
      continue;
    }
    describe(`${title} [${driver}]`, () => {
      let fresh: Awaited<ReturnType<typeof freshDatabase>>;
      const ctx = {
        get database() {
          return fresh.database;
        },
      };
      before(async () => {
        fresh = await freshDatabase(driver);
      });
      after(() => fresh?.dispose());
      body(ctx, (name, fn) => test(name, fn));
    });
  }
}
