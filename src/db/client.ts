/**
 * The database: embedded PGlite by default (data under ./data, or JIANGBU_DATA_DIR), a PostgreSQL
 * server when DATABASE_URL is set. One schema, one set of migrations, the same code on both.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { UserError } from '../lib/errors.ts';
import { acquireLock } from './lock.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** where the data is: a directory or a server URL without its password */
  where: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** the embedded instance, for backup and restore */
  pglite?: PGlite;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export const defaultDataDir = (): string => resolve(process.env.JIANGBU_DATA_DIR ?? 'data');

const hidePassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

export interface OpenOptions {
  /** a PostgreSQL URL; default DATABASE_URL; empty → embedded */
  url?: string | undefined;
  /** the embedded database's directory; default JIANGBU_DATA_DIR or ./data */
  dataDir?: string | undefined;
  /**
   * false: refuse (RegistryMissingError) when the embedded database does not exist yet, rather than
   * make an empty one — for commands that only read. Default true. No effect on PostgreSQL.
   */
  create?: boolean | undefined;
}

/** There is no embedded registry where one was to be read: say how one is made. */
export class RegistryMissingError extends UserError {
  constructor(dir: string) {
    super(
      'registry.missing',
      {
        zh:
          `登记库 ${dir} 不存在：可用 jiangbu seed --demo 载入演示数据、jiangbu import roster 名单.xlsx 导入名单，` +
          `或 npm start 启动（首次启动时载入演示数据）；登记库在别处时请设置 JIANGBU_DATA_DIR 或 DATABASE_URL。`,
        en:
          `the registry ${dir} does not exist: make one with jiangbu seed --demo (demo data), jiangbu import roster ROSTER.xlsx, ` +
          `or npm start (which loads the demo city on its first start); if it is elsewhere, set JIANGBU_DATA_DIR or DATABASE_URL.`,
      },
      { status: 404 },
    );
  }
}

/** Whether `dir` holds a database (PostgreSQL writes PG_VERSION first thing). */
export const embeddedExists = (dir: string): boolean => existsSync(join(dir, 'PG_VERSION'));

/** Brings an embedded database to the current schema (also a restored backup, before it replaces the registry). */
export const migrateEmbedded = (pglite: PGlite): Promise<void> =>
  migratePglite(drizzlePglite(pglite, { schema }) as never, { migrationsFolder });

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server ends (a restart, the database dropped) is an event, not a crash: the
    // pool replaces it; a query on a broken connection still fails where it runs.
    pool.on('error', (e) => process.emitWarning(`PostgreSQL connection ended: ${e.message}`));
    // numeric and date come back as strings on both drivers; bigint (int8) too — the schema fixes modes
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      where: hidePassword(url),
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? defaultDataDir();
  if (opts.create === false && !embeddedExists(dir)) throw new RegistryMissingError(dir);
  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(dir);
  const pglite = new PGlite(dir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    where: dir,
    pglite,
    migrate: () => migrateEmbedded(pglite),
    close: async () => {
      await pglite.close();
      lock.release();
    },
  };
}

/** Opens and migrates: what every command that touches the registry starts with. */
export async function openMigrated(opts: OpenOptions = {}): Promise<Database> {
  const d = await openDatabase(opts);
  await d.migrate();
  return d;
}

/** The rows of a raw SQL query, the same on PGlite and PostgreSQL (numbers may come back as strings). */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
