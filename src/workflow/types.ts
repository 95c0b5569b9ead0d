/**
 * Workflows as data (docs/domain.md "Workflows"): for each kind of case, its states and the table of
 * transitions — from which states, by which action, by which roles, to which state. Pure: no I/O, no
 * clock. The service layer asks `next` before every move and refuses what the table does not allow.
 */
import type { Role } from '../service/actor.ts';

export type CaseType = 'takeover' | 'claim' | 'grant' | 'facility' | 'rectification' | 'roster';

export interface Transition {
  action: string;
  from: readonly string[];
  to: string;
  roles: readonly Role[];
  /** Chinese name of the action, for histories and to-do lists */
  label: string;
}

export interface Workflow {
  type: CaseType;
  /** the programme letter of its case numbers (JB-2025-F-000123) */
  letter: 'T' | 'W' | 'F' | 'R';
  /** who may open a case of this kind */
  applicants: readonly Role[];
  /** the state a new case is in */
  initial: string;
  /** every state, with its Chinese name */
  states: Record<string, string>;
  /** states where the applicant may still edit the form */
  editable: readonly string[];
  /** states that end the case (nothing waits on anyone) */
  final: readonly string[];
  transitions: readonly Transition[];
}
