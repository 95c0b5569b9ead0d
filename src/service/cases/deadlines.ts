/**
 * When the step a case waits for is due (calendar days from entering the state; the rectification's
 * deadline is the bureau's). Settings with these defaults; to-do lists flag what is overdue.
 */
import type { CaseType } from '../../workflow/index.ts';
import { chinaDay } from './numbers.ts';

export const DEADLINE_DAYS: Record<string, number> = {
  /** the community reviews what was submitted */
  submitted: 10,
  /** the applicant corrects what was returned */
  returned: 15,
  /** the bureau decides what the community passed */
  community_confirmed: 15,
  community_verified: 15,
  community_reviewed: 15,
  community_vetted: 15,
  assessed: 10,
  bureau_approved: 10,
  requested: 15,
};

const addDays = (day: string, n: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export function dueOn(type: CaseType, state: string, now: Date, form: Record<string, unknown>): string | null {
  if (type === 'rectification' && state === 'ordered') return typeof form.deadline === 'string' ? form.deadline : null;
  const days = DEADLINE_DAYS[state];
  return days === undefined ? null : addDays(chinaDay(now), days);
}

export { addDays };
