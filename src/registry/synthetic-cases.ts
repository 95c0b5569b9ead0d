/**
 * Cases of the synthetic city written in bulk (src/registry/synthetic.ts). A `SynthCase` replays, in
 * memory, what the service writes when a case is opened (`insertCase`) and moved (`recordMove`,
 * src/service/cases/store.ts): the case number (one counter per year and letter, src/service/cases/numbers.ts),
 * the state and its due date (src/service/cases/deadlines.ts), the submission and decision times, the
 * version, and one history entry per move — each move judged by the workflow table first
 * (src/workflow/tables.ts), so a history the service would refuse cannot be written. `writeCases`
 * then inserts a chunk's cases with their history, files, objections and invoices in a few multi-row
 * statements. The rows are the service's in shape; who and when are those of the story (the synthetic
 * actors, the synthetic calendar).
 */
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import type { Role } from '../service/actor.ts';
import { dueOn } from '../service/cases/deadlines.ts';
import type { AttachmentKind } from '../service/cases/forms.ts';
import { chinaDay } from '../service/cases/numbers.ts';
import { type CaseType, next, WORKFLOWS } from '../workflow/index.ts';
import { insertBatched } from './batch.ts';
import type { Approval } from './synthetic-ledger.ts';

/** Someone of the story: a synthetic account's name and its role. */
export interface Who {
  username: string;
  role: Role;
}

/** A moment of the synthetic calendar: 10:00 Beijing time on `day`, plus `minutes`. */
export const moment = (day: string, minutes = 0): Date => new Date(Date.parse(`${day}T02:00:00Z`) + minutes * 60_000);

/** Case numbers as `nextCaseNo` gives them, counted in memory: JB-{year}-{letter}-{six digits}. */
export class CaseNumbers {
  readonly last = new Map<string, number>();
  next(at: Date, letter: 'T' | 'W' | 'F' | 'R'): string {
    const year = Number(chinaDay(at).slice(0, 4));
    const key = `${year}:${letter}`;
    const n = (this.last.get(key) ?? 0) + 1;
    if (n > 999_999) throw new Error(`synthetic case numbers of ${key} run past 999999`);
    this.last.set(key, n);
    return `JB-${year}-${letter}-${String(n).padStart(6, '0')}`;
  }
  /** The counters as `case_counter` rows, for the service to go on numbering after the seed. */
  rows(): { year: number; letter: string; last: number }[] {
    return [...this.last].map(([k, last]) => {
      const [year, letter] = k.split(':') as [string, string];
      return { year: Number(year), letter, last };
    });
  }
}

type CaseRow = typeof t.cases.$inferInsert;

/** What a case is about, and who applied (the columns `insertCase` fills from the subject). */
export type Subject = Pick<
  CaseRow,
  'communityId' | 'compoundId' | 'applicantType' | 'companyId' | 'committeeId' | 'engagementId' | 'period' | 'year' | 'rosterChangeId'
>;

interface Event {
  at: Date;
  who: Who;
  action: string;
  from: string | null;
  to: string;
  /** a comment; a function where it names an objection of the case (by its id, known once written) */
  comment: string | null | ((objectionIds: number[]) => string);
  fieldComments: unknown;
}

export interface Move {
  comment?: string | ((objectionIds: number[]) => string);
  fieldComments?: Record<string, string>;
  /** more columns the move sets (a decision, an amount, a notice…) */
  set?: Partial<CaseRow>;
  /** what the history keeps beside the comment */
  detail?: Record<string, unknown>;
}

export interface Objection {
  noticeId: number;
  name: string;
  contact: string;
  text: string;
  lodgedAt: Date;
  resolution?: { outcome: 'upheld' | 'dismissed'; reason: string; by: string; at: Date };
}

export class SynthCase {
  readonly caseNo: string;
  readonly row: CaseRow;
  readonly events: Event[] = [];
  readonly files: { uploader: string; kind: AttachmentKind }[] = [];
  readonly objections: Objection[] = [];
  readonly invoices: { invoiceNo: string; amount: string; issuedOn: string | null; at: Date; by: string }[] = [];
  /** the approval's reservation (its claim), when the story approves the case */
  reservation?: Omit<Approval, 'caseId'>;
  private opener: Who;
  private last: { at: Date; who: Who };

  constructor(numbers: CaseNumbers, type: CaseType, subject: Subject, form: Record<string, unknown>, at: Date, who: Who) {
    const w = WORKFLOWS[type];
    if (!w.applicants.includes(who.role)) throw new Error(`a ${who.role} does not open ${type} cases`);
    this.caseNo = numbers.next(at, w.letter);
    const state = w.initial;
    this.row = {
      caseNo: this.caseNo,
      type,
      state,
      ...subject,
      form,
      dueOn: dueOn(type, state, at, form),
      submittedAt: state !== 'draft' ? at : null,
      version: 1,
    };
    this.opener = who;
    this.last = { at, who };
    this.events.push({ at, who, action: 'open', from: null, to: state, comment: null, fieldComments: null });
  }

  get state(): string {
    return this.row.state;
  }

  get form(): Record<string, unknown> {
    return this.row.form as Record<string, unknown>;
  }

  /** A move the workflow table allows `who` to make now, with what `recordMove` writes for it. */
  move(action: string, at: Date, who: Who, m: Move = {}): this {
    const type = this.row.type;
    const verdict = next(type, this.row.state, action, who.role);
    if (!verdict.ok) throw new Error(`synthetic ${this.caseNo}: ${who.role} cannot ${action} a ${type} case in ${this.row.state}`);
    if (at < this.last.at) throw new Error(`synthetic ${this.caseNo}: ${action} on ${at.toISOString()} goes back in time`);
    const from = this.row.state;
    Object.assign(this.row, {
      state: verdict.to,
      dueOn: dueOn(type, verdict.to, at, this.form),
      ...(action === 'return' ? { fieldComments: m.fieldComments ?? null } : {}),
      ...(action === 'submit' ? { submittedAt: at } : {}),
      ...m.set,
      version: (this.row.version ?? 1) + 1,
    });
    this.last = { at, who };
    this.events.push({
      at,
      who,
      action,
      from,
      to: verdict.to,
      comment: m.comment ?? null,
      fieldComments: m.fieldComments ?? (m.detail ? { ...m.detail } : null),
    });
    return this;
  }

  /** A file of the applicant's attached (the uploads are shared: one file per uploader and kind). */
  attach(kind: AttachmentKind, uploader: string = this.opener.username): this {
    this.files.push({ uploader, kind });
    return this;
  }

  /** The row as inserted: who made it and when, who changed it last. */
  insertRow(): CaseRow {
    return {
      ...this.row,
      createdBy: this.opener.username,
      createdAt: this.events[0]?.at as Date,
      ...(this.row.version === 1 ? {} : { updatedBy: this.last.who.username, updatedAt: this.last.at }),
    };
  }
}

/** The synthetic city's stand-in document (its type is read from the bytes: a PDF). */
export const STAND_IN_PDF = new TextEncoder().encode('%PDF-1.4\n% 合成数据：示意文件，非真实材料\n%%EOF\n');

/** One upload per uploader and kind, made on first use and attached to each case that needs it. */
export class Uploads {
  private readonly ids = new Map<string, number>();
  constructor(private readonly sha256: string) {}

  async resolve(tx: Db, keys: { uploader: string; kind: string }[]): Promise<void> {
    const fresh = [...new Map(keys.map((k) => [`${k.uploader}\u0000${k.kind}`, k])).entries()].filter(([key]) => !this.ids.has(key));
    const made = await insertBatched(
      tx,
      t.attachments,
      fresh.map(([, k]) => ({
        sha256: this.sha256,
        size: STAND_IN_PDF.length,
        mime: 'application/pdf',
        fileName: `${k.kind}.pdf`,
        uploadedBy: k.uploader,
      })),
    );
    for (const [i, [key]] of fresh.entries()) this.ids.set(key, made[i]?.id as number);
  }

  id(uploader: string, kind: string): number {
    const id = this.ids.get(`${uploader}\u0000${kind}`);
    if (id === undefined) throw new Error(`no synthetic upload of ${kind} by ${uploader}`);
    return id;
  }
}

/**
 * Writes the cases with their history, files, objections and invoices; returns the cases' ids in order.
 * Reservations are the caller's (src/registry/synthetic-ledger.ts), once the ids are known.
 */
export async function writeCases(tx: Db, uploads: Uploads, cases: SynthCase[]): Promise<number[]> {
  await uploads.resolve(
    tx,
    cases.flatMap((c) => c.files),
  );
  const ids = (
    await insertBatched(
      tx,
      t.cases,
      cases.map((c) => c.insertRow()),
    )
  ).map((r) => r.id);
  const objections = cases.flatMap((c, i) => c.objections.map((o) => ({ o, caseId: ids[i] as number })));
  const objectionIds = (
    await insertBatched(
      tx,
      t.objections,
      objections.map(({ o, caseId }) => ({
        noticeId: o.noticeId,
        caseId,
        name: o.name,
        contact: o.contact,
        text: o.text,
        lodgedAt: o.lodgedAt,
        status: o.resolution?.outcome ?? 'open',
        resolution: o.resolution?.reason ?? null,
        resolvedBy: o.resolution?.by ?? null,
        resolvedAt: o.resolution?.at ?? null,
      })),
    )
  ).map((r) => r.id);
  const byCase = new Map<number, number[]>();
  for (const [i, { caseId }] of objections.entries()) byCase.set(caseId, [...(byCase.get(caseId) ?? []), objectionIds[i] as number]);
  await insertBatched(
    tx,
    t.caseEvents,
    cases.flatMap((c, i) =>
      c.events.map((e) => ({
        caseId: ids[i] as number,
        at: e.at,
        username: e.who.username,
        role: e.who.role,
        action: e.action,
        fromState: e.from,
        toState: e.to,
        comment: typeof e.comment === 'function' ? e.comment(byCase.get(ids[i] as number) ?? []) : e.comment,
        fieldComments: e.fieldComments,
      })),
    ),
  );
  await insertBatched(
    tx,
    t.caseAttachments,
    cases.flatMap((c, i) =>
      c.files.map((f) => ({
        caseId: ids[i] as number,
        attachmentId: uploads.id(f.uploader, f.kind),
        kind: f.kind,
        createdBy: f.uploader,
        createdAt: c.events[0]?.at as Date,
      })),
    ),
    10000,
    null,
  );
  await insertBatched(
    tx,
    t.facilityInvoices,
    cases.flatMap((c, i) =>
      c.invoices.map((v) => ({
        caseId: ids[i] as number,
        invoiceNo: v.invoiceNo,
        amount: v.amount,
        issuedOn: v.issuedOn,
        createdBy: v.by,
        createdAt: v.at,
      })),
    ),
  );
  return ids;
}

/** Public notices (公示), one per community, programme and day of publication, made on first use. */
export class Notices {
  private readonly ids = new Map<string, number>();

  async id(
    tx: Db,
    n: {
      communityId: number;
      title: string;
      programme: 'T' | 'W' | 'F';
      publishedOn: string;
      closesOn: string;
      closedAt: Date | null;
      by: string;
    },
  ): Promise<number> {
    const key = `${n.communityId}:${n.programme}:${n.publishedOn}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const [row] = await tx
      .insert(t.publicNotices)
      .values({
        title: n.title,
        programme: n.programme,
        publishedOn: n.publishedOn,
        closesOn: n.closesOn,
        closedAt: n.closedAt,
        createdBy: n.by,
        createdAt: moment(n.publishedOn),
        ...(n.closedAt ? { updatedBy: n.by, updatedAt: n.closedAt, version: 2 } : {}),
      })
      .returning({ id: t.publicNotices.id });
    this.ids.set(key, row?.id as number);
    return row?.id as number;
  }
}

/** The case counters after the seed, so that the service numbers its next cases on from them. */
export async function writeCounters(tx: Db, numbers: CaseNumbers): Promise<void> {
  for (const r of numbers.rows())
    await tx
      .insert(t.caseCounters)
      .values(r)
      .onConflictDoUpdate({ target: [t.caseCounters.year, t.caseCounters.letter], set: { last: r.last } });
}
