/**
 * The facility form's live preview (docs/domain.md "Workflows", programme F): the engine calculates the
 * application as it stands — submitted today, in its place among those already decided — and the page
 * shows the base (F.share of the investment), the compound's cap and the community's quota with what is
 * left of them, and the amount. Nothing is written; the amounts are the engine's, never the page's.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { argsOf } from '../../rules/explain/types.ts';
import type { Line } from '../../rules/lines.ts';
import type { Lang } from '../../rules/params/types.ts';
import { presentLine } from '../../rules/present.ts';
import type { FacilityApplicationInput } from '../../rules/scenario/schema.ts';
import { fieldLabel } from '../../workflow/labels.ts';
import { requireRole } from '../access.ts';
import type { ServiceContext } from '../command.ts';
import { engineLines } from './decision.ts';
import type { Form } from './forms.ts';
import { chinaDay } from './numbers.ts';
import { compoundByCode } from './subjects.ts';
import { parseForm } from './validate.ts';

/** The form's fields the engine needs to calculate an application. */
export const FACILITY_CALC_FIELDS = ['category', 'investment', 'collectionRate', 'feeRatio'] as const;

/**
 * A facility application as the engine reads it: the form's facts on the compound, submitted on
 * `submitted`, the owners' committee as the registry records it that day (docs/policy.md D-21).
 */
export async function facilityCandidate(
  tx: Db,
  id: string,
  compound: { id: number; code: string },
  f: Record<string, unknown>,
  submitted: string,
): Promise<FacilityApplicationInput> {
  const [w] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(t.committees)
    .where(sql`${t.committees.compoundId} = ${compound.id} and ${t.committees.established} <= ${submitted}`);
  return {
    id,
    compoundId: compound.code,
    submitted,
    accepted: (f.acceptedOn as string | undefined) ?? null,
    category: f.category as string,
    investment: f.investment as string,
    committeeEstablished: Number(w?.n ?? 0) > 0,
    collectionRate: f.collectionRate as string,
    feeRatio: f.feeRatio as string,
  };
}

export interface CapFigures {
  /** the cap (the compound's) or the quota (the community's, the city's) */
  limit: string;
  used: string;
  remaining: string;
}

export interface FacilityPreview {
  /** the fields still to fill before the engine can calculate, with their names */
  missing: { field: string; name: string }[];
  status: string | null;
  /** F.share × the investment */
  base: string | null;
  amount: string | null;
  compound: CapFigures | null;
  community: (CapFigures & { year: number }) | null;
  city: (CapFigures & { year: number }) | null;
  reasons: { code: string; clause: string; text: string }[];
}

/** The figures of a cap step of the line's trace (F.caps). */
function capOf(line: Line, code: 'F_CAP_COMPOUND' | 'F_CAP_COMMUNITY' | 'F_CAP_CITY'): (CapFigures & { year?: number }) | null {
  const step = line.trace?.find((s) => s.code === code);
  if (!step) return null;
  const a = argsOf(step) as Record<string, string | number>;
  return {
    limit: String(a.cap ?? a.quota ?? a.total),
    used: String(a.used),
    remaining: String(a.remaining),
    ...(a.year === undefined ? {} : { year: Number(a.year) }),
  };
}

/** The preview of a facility form (the community on its own compounds, the bureau on any). */
export async function previewFacility(ctx: ServiceContext, form: unknown, lang: Lang): Promise<FacilityPreview> {
  requireRole(ctx.actor, ['community', 'bureau'], { zh: '设施改造补贴测算', en: 'previewing a facility subsidy' });
  const f = parseForm('facility', form) as Form<'facility'>;
  const db = ctx.db;
  const compound = await compoundByCode(db, f.compoundCode);
  if (ctx.actor.role === 'community' && ctx.actor.scope?.community?.id !== compound.communityId)
    throw userError('compound.not_found', `没有编号为 ${f.compoundCode} 的小区`, `no compound with code ${f.compoundCode}`, {
      status: 404,
      details: { field: 'compoundCode' },
    });
  const missing = FACILITY_CALC_FIELDS.filter((k) => f[k] === undefined || f[k] === '').map((field) => ({
    field,
    name: fieldLabel(field, lang),
  }));
  const none: FacilityPreview = {
    missing,
    status: null,
    base: null,
    amount: null,
    compound: null,
    community: null,
    city: null,
    reasons: [],
  };
  if (missing.length) return none;
  const today = chinaDay(ctx.now?.() ?? new Date());
  const id = 'PREVIEW';
  const candidate = await facilityCandidate(db, id, compound, f, today);
  const [line] = await engineLines(db, today, { program: 'F', subject: id, candidate });
  if (!line) return none;
  const shown = presentLine(line, lang, false);
  const community = capOf(line, 'F_CAP_COMMUNITY');
  const city = capOf(line, 'F_CAP_CITY');
  return {
    missing,
    status: shown.status,
    base: shown.base ?? null,
    amount: shown.amount,
    compound: capOf(line, 'F_CAP_COMPOUND'),
    community: community ? { ...community, year: community.year as number } : null,
    city: city ? { ...city, year: city.year as number } : null,
    reasons: shown.reasons,
  };
}
