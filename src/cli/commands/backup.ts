/** `jiangbu backup FILE [--force]` and `jiangbu restore FILE` (the embedded database). */
import { dumpEmbedded, restoreEmbedded } from '../../db/backup.ts';
import { type Command, type CommandContext, embeddedDir, UsageError, withExistingDb } from '../context.ts';
import { checkOutputPath, writeFileWhole } from '../output.ts';

/** The embedded registry's directory; with DATABASE_URL, where to look instead. */
function registryDir(ctx: CommandContext): string {
  const dir = embeddedDir(ctx);
  if (dir === null)
    throw new UsageError(
      '已设置 DATABASE_URL：PostgreSQL 请用 pg_dump / pg_restore 备份和恢复（见 README）',
      'DATABASE_URL is set: back up and restore PostgreSQL with pg_dump / pg_restore (see README)',
    );
  return dir;
}

const fileArg = (ctx: CommandContext, usage: string): string => {
  const [file] = ctx.args;
  if (!file) throw new UsageError(`缺少文件：${usage}`, `missing file: ${usage}`);
  return file;
};

export const backup: Command = async (ctx) => {
  const file = fileArg(ctx, 'jiangbu backup FILE');
  const dir = registryDir(ctx);
  const overwrite = ctx.options.force === true;
  checkOutputPath(file, { overwrite }); // before the dump, which takes a while
  const bytes = await withExistingDb(ctx, dumpEmbedded);
  writeFileWhole(file, bytes, { overwrite });
  ctx.io.stderr(
    ctx.lang === 'zh' ? `已备份 ${dir} → ${file}（${bytes.length} 字节）\n` : `backed up ${dir} → ${file} (${bytes.length} bytes)\n`,
  );
  return 0;
};

export const restore: Command = async (ctx) => {
  const file = fileArg(ctx, 'jiangbu restore FILE');
  const dir = registryDir(ctx);
  const { kept } = await restoreEmbedded(file, dir);
  const zh = ctx.lang === 'zh';
  const aside = kept ? (zh ? `（原数据保留在 ${kept}）` : ` (previous data kept in ${kept})`) : '';
  ctx.io.stderr(`${zh ? '已恢复' : 'restored'} ${file} → ${dir}${aside}\n`);
  return 0;
};
