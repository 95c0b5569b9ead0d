/**
 * `jiangbu roster request|decide|changes`: corrections of the sealed 2023 roster — a request with
 * evidence, decided by the housing bureau; an approval appends a superseding entry.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { AttachmentError } from '../../registry/attachments.ts';
import { decideRosterChange, RosterChangeError, type RosterValues, requestRosterChange } from '../../registry/roster-change.ts';
import { type Command, type CommandContext, printJson, UsageError, withDb, withExistingDb } from '../context.ts';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Domain refusals are the user's to fix: status 2 with the message. */
async function refusals<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RosterChangeError || e instanceof AttachmentError) throw new UsageError(e.message);
    throw e;
  }
}

function values(ctx: CommandContext): RosterValues | undefined {
  const o = ctx.options;
  const v: RosterValues = {};
  if (o.name) v.name = o.name;
  if (o.kind) {
    if (o.kind !== 'compound' && o.kind !== 'scattered') throw new UsageError('--kind compound|scattered');
    v.kind = o.kind;
  }
  if (o.area) {
    if (!/^\d+(\.\d{1,2})?$/.test(o.area) || !/[1-9]/.test(o.area)) throw new UsageError('--area: a decimal > 0 with at most 2 decimals');
    v.area = o.area;
  }
  if (o.households) {
    if (!/^\d+$/.test(o.households)) throw new UsageError('--households: a whole number');
    v.households = Number(o.households);
  }
  return Object.keys(v).length ? v : undefined;
}

async function request(ctx: CommandContext): Promise<number> {
  const o = ctx.options;
  if (!o.compound || !o.action || !o.reason || !o.evidence)
    throw new UsageError(
      'jiangbu roster request --compound CODE --action add|remove|amend --reason TEXT --evidence FILE [--area A] [--households N] [--name NAME] [--kind K]',
    );
  if (o.action !== 'add' && o.action !== 'remove' && o.action !== 'amend') throw new UsageError('--action add|remove|amend');
  const mime = MIME[extname(o.evidence).toLowerCase()];
  if (!mime) throw new UsageError(`--evidence: PDF, PNG, JPEG, XLSX or DOCX (${o.evidence})`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(o.evidence);
  } catch {
    throw new UsageError(`${o.evidence}: no such file`);
  }
  const action = o.action;
  const id = await withDb(ctx, (d) =>
    refusals(() =>
      requestRosterChange(d.db, {
        compoundCode: o.compound as string,
        action,
        reason: o.reason as string,
        values: values(ctx),
        evidence: { bytes, fileName: basename(o.evidence as string), mime },
        requestedBy: o.by ?? 'cli',
      }),
    ),
  );
  ctx.io.stderr(`${ctx.lang === 'zh' ? '已提交名单变更申请' : 'roster change requested'} #${id}\n`);
  ctx.io.stdout(`${id}\n`);
  return 0;
}

async function decide(ctx: CommandContext): Promise<number> {
  const id = Number(ctx.args[1]);
  const o = ctx.options;
  if (!Number.isSafeInteger(id) || o.approve === o.reject)
    throw new UsageError('jiangbu roster decide ID --approve|--reject [--note TEXT]');
  await withDb(ctx, (d) =>
    refusals(() => decideRosterChange(d.db, id, { approve: o.approve === true, decidedBy: o.by ?? 'cli', note: o.note })),
  );
  ctx.io.stderr(
    `#${id} ${o.approve ? (ctx.lang === 'zh' ? '已批准，名单已追加更正条目' : 'approved: a superseding roster entry was appended') : ctx.lang === 'zh' ? '已驳回' : 'rejected'}\n`,
  );
  return 0;
}

async function changes(ctx: CommandContext): Promise<number> {
  const rows = await withExistingDb(ctx, (d) =>
    d.db
      .select({ c: t.rosterChanges, compound: t.compounds.code })
      .from(t.rosterChanges)
      .innerJoin(t.compounds, eq(t.rosterChanges.compoundId, t.compounds.id))
      .orderBy(asc(t.rosterChanges.id)),
  );
  printJson(
    ctx,
    rows.map(({ c, compound }) => ({
      id: c.id,
      compound,
      action: c.action,
      reason: c.reason,
      values: c.values,
      status: c.status,
      requestedBy: c.requestedBy,
      decidedBy: c.decidedBy,
      decisionNote: c.decisionNote,
    })),
  );
  return 0;
}

export const roster: Command = async (ctx) => {
  const sub = ctx.args[0];
  if (sub === 'request') return request(ctx);
  if (sub === 'decide') return decide(ctx);
  if (sub === 'changes') return changes(ctx);
  throw new UsageError('jiangbu roster request|decide|changes');
};
