/** The one place a move of a case is judged: legal from this state, and by this role? */
import type { Role } from '../service/actor.ts';
import { WORKFLOWS } from './tables.ts';
import type { CaseType, Transition, Workflow } from './types.ts';

export type { CaseType, Transition, Workflow };
export { WORKFLOWS };

export type Verdict =
  | { ok: true; to: string; transition: Transition }
  /** no such move from this state (409 case.illegal_transition) */
  | { ok: false; why: 'illegal'; from: string; to: string | null }
  /** the move exists but not for this role (403) */
  | { ok: false; why: 'forbidden'; from: string; to: string };

export function next(type: CaseType, from: string, action: string, role: Role): Verdict {
  const rows = WORKFLOWS[type].transitions.filter((x) => x.action === action);
  const here = rows.filter((x) => x.from.includes(from));
  const mine = here.find((x) => x.roles.includes(role));
  if (mine) return { ok: true, to: mine.to, transition: mine };
  if (here.length > 0) return { ok: false, why: 'forbidden', from, to: (here[0] as Transition).to };
  return { ok: false, why: 'illegal', from, to: rows[0]?.to ?? null };
}

/** The moves `role` may make on a case of `type` in `state` (what a to-do list offers). */
export function actionsFor(type: CaseType, state: string, role: Role): Transition[] {
  return WORKFLOWS[type].transitions.filter((x) => x.from.includes(state) && x.roles.includes(role));
}

/** Whether a case in `state` waits on `role` (a move other than a self-loop is theirs to make). */
export const waitsOn = (type: CaseType, state: string, role: Role): boolean =>
  actionsFor(type, state, role).some((x) => x.to !== state || x.action === 'score');

export const stateName = (type: CaseType, state: string): string => WORKFLOWS[type].states[state] ?? state;
