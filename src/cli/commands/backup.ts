/** `jiangbu backup FILE` and `jiangbu restore FILE` (the embedded database). */
import { existsSync } from 'node:fs';
import { backupEmbedded, restoreEmbedded } from '../../db/backup.ts';
import { type Command, embeddedDir, UsageError, withExistingDb } from '../context.ts';
import { checkOutputPath } from '../output.ts';

const PG_HINT = 'DATABASE_URL is set: back up PostgreSQL with pg_dump / pg_restore (see README)';

export const backup: Command = async (ctx) => {
  const [file] = ctx.args;
  if (!file) throw new UsageError('jiangbu backup FILE: missing file');
  const dir = embeddedDir(ctx);
  if (dir === null) throw new UsageError(PG_HINT);
  checkOutputPath(file);
  const bytes = await withExistingDb(ctx, (d) => backupEmbedded(d, file));
  ctx.io.stderr(`${ctx.lang === 'zh' ? '已备份' : 'backed up'} ${dir} → ${file} (${bytes} bytes)\n`);
  return 0;
};

export const restore: Command = async (ctx) => {
  const [file] = ctx.args;
  if (!file) throw new UsageError('jiangbu restore FILE: missing file');
  const dir = embeddedDir(ctx);
  if (dir === null) throw new UsageError(PG_HINT);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const kept = await restoreEmbedded(file, dir);
  ctx.io.stderr(
    `${ctx.lang === 'zh' ? '已恢复' : 'restored'} ${file} → ${dir}${kept ? ` (${ctx.lang === 'zh' ? '原数据保留在' : 'previous data kept in'} ${kept})` : ''}\n`,
  );
  return 0;
};
