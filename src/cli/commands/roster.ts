/**
 * `jiangbu roster request|decide|changes|seal`: corrections of the sealed 2023 roster — a request
 * with evidence, decided by the housing bureau; an approval appends a superseding entry.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DECISION_NAMES, ROSTER_ACTION_NAMES } from '../../registry/labels.ts';
import { decideRosterChange, listRosterChanges, type RosterValues, requestRosterChange, sealRoster } from '../../service/roster.ts';
import { type Command, type CommandContext, printJson, UsageError, withExistingService, withService } from '../context.ts';
import { formatTable } from '../table.ts';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function values(ctx: CommandContext): RosterValues | undefined {
  const o = ctx.options;
  const v: RosterValues = {};
  if (o.name !== undefined) {
    if (!o.name.trim()) throw new UsageError('--name 不能为空', '--name must not be empty');
    v.name = o.name.trim();
  }
  if (o.kind !== undefined) {
    const kind = { compound: 'compound', scattered: 'scattered', 小区: 'compound', 零散楼栋: 'scattered' }[o.kind];
    if (!kind) throw new UsageError('--kind 应为 compound（小区）或 scattered（零散楼栋）', '--kind must be compound or scattered');
    v.kind = kind as 'compound' | 'scattered';
  }
  if (o.area !== undefined) {
    if (!/^\d+(\.\d{1,2})?$/.test(o.area) || !/[1-9]/.test(o.area) || (o.area.split('.')[0] ?? '').length > 8)
      throw new UsageError(
        '--area：应为大于 0 的面积（㎡），最多两位小数，如 12500.50',
        '--area: a decimal > 0 with at most 2 decimals, e.g. 12500.50',
      );
    v.area = o.area;
  }
  if (o.households !== undefined) {
    if (!/^\d{1,6}$/.test(o.households)) throw new UsageError('--households：应为整数户数', '--households: a whole number');
    v.households = Number(o.households);
  }
  return Object.keys(v).length ? v : undefined;
}

async function request(ctx: CommandContext): Promise<number> {
  const o = ctx.options;
  if (!o.compound || !o.action || !o.reason || !o.evidence)
    throw new UsageError(
      '用法：jiangbu roster request --compound 编码 --action add|remove|amend --reason 理由 --evidence 文件 [--area 面积] [--households 户数] [--name 名称] [--kind compound|scattered]',
      'usage: jiangbu roster request --compound CODE --action add|remove|amend --reason TEXT --evidence FILE [--area A] [--households N] [--name NAME] [--kind K]',
    );
  if (o.action !== 'add' && o.action !== 'remove' && o.action !== 'amend')
    throw new UsageError('--action 应为 add（列入）、remove（移出）或 amend（更正）', '--action must be add, remove or amend');
  const mime = MIME[extname(o.evidence).toLowerCase()];
  if (!mime)
    throw new UsageError(
      `--evidence ${o.evidence}：证明材料须为 PDF、PNG、JPEG、XLSX 或 DOCX`,
      `--evidence ${o.evidence}: PDF, PNG, JPEG, XLSX or DOCX`,
    );
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(o.evidence);
  } catch {
    throw new UsageError(`${o.evidence}：文件不存在或无法读取`, `${o.evidence}: no such file or not readable`);
  }
  const action = o.action;
  const id = await withService(ctx, (s) =>
    requestRosterChange(s, {
      compoundCode: o.compound as string,
      action,
      reason: o.reason as string,
      values: values(ctx),
      evidence: { bytes, fileName: basename(o.evidence as string), mime },
    }),
  );
  ctx.io.stderr(
    ctx.lang === 'zh' ? `已提交名单变更申请 #${id}，待住建局审核\n` : `roster change #${id} requested, awaiting the housing bureau\n`,
  );
  ctx.io.stdout(`${id}\n`);
  return 0;
}

async function decide(ctx: CommandContext): Promise<number> {
  const raw = ctx.args[1] ?? '';
  const id = Number(raw.replace(/^#/, ''));
  const o = ctx.options;
  if (!/^#?\d+$/.test(raw) || !Number.isSafeInteger(id) || o.approve === o.reject)
    throw new UsageError(
      '用法：jiangbu roster decide 编号 --approve|--reject [--note 说明]',
      'usage: jiangbu roster decide ID --approve|--reject [--note TEXT]',
    );
  await withService(ctx, (s) => decideRosterChange(s, id, { approve: o.approve === true, note: o.note }));
  const zh = ctx.lang === 'zh';
  ctx.io.stderr(
    o.approve
      ? zh
        ? `#${id} 已批准，名单已追加更正条目\n`
        : `#${id} approved: a superseding roster entry was appended\n`
      : zh
        ? `#${id} 已驳回\n`
        : `#${id} rejected\n`,
  );
  return 0;
}

async function changes(ctx: CommandContext): Promise<number> {
  const rows = await withExistingService(ctx, (s) => listRosterChanges(s.db));
  if (ctx.options.json) {
    printJson(ctx, rows);
    return 0;
  }
  const zh = ctx.lang === 'zh';
  if (rows.length === 0) {
    ctx.io.stdout(zh ? '没有名单变更申请\n' : 'no roster change requests\n');
    return 0;
  }
  const head = zh
    ? ['编号', '小区', '变更', '内容', '理由', '证明材料', '申请人', '申请日期', '状态', '审核人', '审核日期', '说明']
    : ['id', 'compound', 'change', 'values', 'reason', 'evidence', 'by', 'requested', 'status', 'decided by', 'decided', 'note'];
  ctx.io.stdout(
    formatTable(
      head,
      rows.map((r) => [
        `#${r.id}`,
        `${r.compound.name}（${r.compound.code}）`,
        zh ? (ROSTER_ACTION_NAMES[r.action] ?? r.action) : r.action,
        r.valuesText,
        r.reason,
        r.evidence.fileName,
        r.requestedBy,
        r.requestedAt.slice(0, 10),
        zh ? (DECISION_NAMES[r.status] ?? r.status) : r.status,
        r.decidedBy ?? '',
        r.decidedAt?.slice(0, 10) ?? '',
        r.note ?? '',
      ]),
    ),
  );
  return 0;
}

async function seal(ctx: CommandContext): Promise<number> {
  const at = await withService(ctx, (s) => sealRoster(s));
  ctx.io.stderr(
    ctx.lang === 'zh'
      ? `2023年底名单已于 ${at.slice(0, 10)} 封存：此后只能经审核的名单变更增减名单\n`
      : `the 2023 roster was sealed on ${at.slice(0, 10)}: from now on only approved roster changes add or remove entries\n`,
  );
  return 0;
}

export const roster: Command = async (ctx) => {
  const sub = ctx.args[0];
  if (sub === 'request') return request(ctx);
  if (sub === 'decide') return decide(ctx);
  if (sub === 'changes') return changes(ctx);
  if (sub === 'seal') return seal(ctx);
  throw new UsageError('用法：jiangbu roster request|decide|changes|seal', 'usage: jiangbu roster request|decide|changes|seal');
};
