/**
 * To-do lists (GET /api/todos): per user, the cases waiting on them — in their scope, in a state where
 * their role has a move to make (a draft or a return only for the applicant; scoring only while their
 * items are unscored) — with deadlines and overdue flags; for the bureau also the notices due to close
 * and the objections to resolve; for a community also its residents' complaints not yet resolved, with
 * their age (src/service/complaints.ts).
 */
import { and, asc, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { actionsFor, stateName, WORKFLOWS } from '../../workflow/index.ts';
import type { Role } from '../actor.ts';
import type { ServiceContext } from '../command.ts';
import { unresolvedComplaints } from '../complaints.ts';
import type { Scores } from './assessment.ts';
import { isApplicant } from './edit.ts';
import { chinaDay } from './numbers.ts';
import { TYPE_NAMES } from './read.ts';
import { committeeCompoundId } from './subjects.ts';
import { caseCondition } from './visibility.ts';

export interface Todo {
  caseNo: string;
  type: string;
  typeName: string;
  state: string;
  stateName: string;
  compound: string;
  actions: { action: string; label: string }[];
  dueOn: string | null;
  overdue: boolean;
}

export interface Todos {
  items: Todo[];
  total: number;
  overdue: number;
  noticesToClose: { id: number; title: string; closesOn: string }[];
  openObjections: { id: number; caseNo: string; lodgedOn: string }[];
  /** a community's: residents' complaints not yet resolved, oldest first, with their age in days */
  complaints: {
    items: { id: number; compound: string; category: string; lodgedOn: string; ageDays: number; status: string }[];
    total: number;
  };
}

const LIMIT = 500;

export async function todos(ctx: ServiceContext): Promise<Todos> {
  const role = ctx.actor.role;
  const empty: Todos = { items: [], total: 0, overdue: 0, noticesToClose: [], openObjections: [], complaints: { items: [], total: 0 } };
  if (role === 'public' || role === 'admin' || role === 'auditor' || role === 'finance') return empty;
  const today = chinaDay(ctx.now?.() ?? new Date());
  const open = Object.values(WORKFLOWS).flatMap((w) => Object.keys(w.states).filter((s) => !w.final.includes(s)));
  const conds: (SQL | undefined)[] = [
    caseCondition(ctx.actor, { committeeCompoundId: await committeeCompoundId(ctx.db, ctx.actor.scope?.committee?.id) }),
    inArray(t.cases.state, [...new Set(open)]),
  ];
  const rows = await ctx.db
    .select({ c: t.cases, compound: t.compounds.name })
    .from(t.cases)
    .innerJoin(t.compounds, eq(t.cases.compoundId, t.compounds.id))
    .where(and(...conds.filter((c): c is SQL => c !== undefined)))
    .orderBy(asc(t.cases.dueOn), asc(t.cases.id));
  const items: Todo[] = [];
  for (const { c, compound } of rows) {
    let actions = actionsFor(c.type, c.state, role as Role);
    if (WORKFLOWS[c.type].editable.includes(c.state) && !isApplicant(ctx, c)) actions = [];
    if (actions.some((a) => a.action === 'score')) {
      const scored = (c.form as { scores?: Scores }).scores ?? {};
      const mine = Object.values(scored).some((s) => s.role === role);
      if (mine) actions = actions.filter((a) => a.action !== 'score');
    }
    if (actions.length === 0) continue;
    items.push({
      caseNo: c.caseNo,
      type: c.type,
      typeName: TYPE_NAMES[c.type],
      state: c.state,
      stateName: stateName(c.type, c.state),
      compound,
      actions: actions.map((a) => ({ action: a.action, label: a.label })),
      dueOn: c.dueOn,
      overdue: c.dueOn !== null && c.dueOn < today,
    });
  }
  const out: Todos = { ...empty, items: items.slice(0, LIMIT), total: items.length, overdue: items.filter((i) => i.overdue).length };
  const community = ctx.actor.scope?.community?.id;
  if (role === 'community' && community !== undefined) out.complaints = await unresolvedComplaints(ctx, community, LIMIT);
  if (role === 'bureau') {
    out.noticesToClose = (
      await ctx.db
        .select()
        .from(t.publicNotices)
        .where(and(lt(t.publicNotices.closesOn, today), isNull(t.publicNotices.closedAt)))
    ).map((n) => ({ id: n.id, title: n.title, closesOn: n.closesOn }));
    out.openObjections = (
      await ctx.db
        .select({ o: t.objections, caseNo: t.cases.caseNo })
        .from(t.objections)
        .innerJoin(t.cases, eq(t.objections.caseId, t.cases.id))
        .where(eq(t.objections.status, 'open'))
    ).map(({ o, caseNo }) => ({ id: o.id, caseNo, lodgedOn: chinaDay(o.lodgedAt) }));
  }
  return out;
}
