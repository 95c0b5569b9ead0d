/**
 * 免申即享 radar (GET /api/radar): what the engine finds eligible on the registry today that nobody has
 * applied for — takeovers with a paid half-year and no registration, half-years payable with no claim,
 * committees whose grant is payable with no application, facility projects granted with no case — per
 * community and city-wide, in the caller's scope. A hint for the reviewers to act on; it decides nothing.
 */
import { eq, ne } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { userError } from '../../lib/errors.ts';
import { loadPolicy } from '../../policy/load.ts';
import { buildScenario } from '../../registry/scenario-build.ts';
import { calculate } from '../../rules/engine.ts';
import { fen, formatMoney } from '../../rules/exact/money.ts';
import { validateScenario } from '../../rules/scenario/validate.ts';
import type { ServiceContext } from '../command.ts';
import { ownCommunity } from '../scope.ts';
import { chinaDay } from './numbers.ts';

export interface RadarItem {
  kind: 'takeover' | 'claim' | 'grant' | 'facility';
  subject: string;
  period?: string;
  compound: string;
  amount: string;
}

export interface RadarCommunity {
  community: string;
  items: RadarItem[];
  count: number;
  amount: string;
}

const RADAR_ROLES = ['bureau', 'finance', 'community'];

/** A formatted amount ("1234.56") in fen. */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));

export async function radar(
  ctx: ServiceContext,
  asked?: string,
): Promise<{ asOf: string; communities: RadarCommunity[]; count: number; amount: string }> {
  if (!RADAR_ROLES.includes(ctx.actor.role)) throw userError('auth.forbidden', '无权访问', 'not allowed for this role', { status: 403 });
  const own = ownCommunity(ctx.actor);
  if (own && asked && asked !== own)
    throw userError('scope.community', `没有编号为 ${asked} 的社区`, `no community with code ${asked}`, { status: 404 });
  const only = own ?? asked;
  const asOf = chinaDay(ctx.now?.() ?? new Date());
  const { scenario } = await buildScenario(ctx.db, asOf);
  const v = validateScenario(scenario);
  if (!v.ok) throw new Error('the registry does not make a valid scenario');
  const calc = calculate(v.scenario, loadPolicy());
  const compoundOf = new Map<string, { community: string; name: string }>(
    v.scenario.compounds.map((c) => [c.id, { community: c.communityId, name: c.name }]),
  );
  const subjectCompound = new Map<string, string>();
  for (const e of v.scenario.engagements ?? []) subjectCompound.set(`T/${e.id}`, e.compoundId);
  for (const w of v.scenario.committees ?? []) subjectCompound.set(`W/${w.id}`, w.compoundId);
  for (const a of v.scenario.facilityApplications ?? []) subjectCompound.set(`F/${a.id}`, a.compoundId);

  const cases = await ctx.db
    .select({
      type: t.cases.type,
      engagement: t.engagements.code,
      period: t.cases.period,
      compoundId: t.cases.compoundId,
      application: t.facilityApplications.code,
      compound: t.compounds.code,
    })
    .from(t.cases)
    .leftJoin(t.engagements, eq(t.cases.engagementId, t.engagements.id))
    .leftJoin(t.facilityApplications, eq(t.cases.facilityApplicationId, t.facilityApplications.id))
    .innerJoin(t.compounds, eq(t.cases.compoundId, t.compounds.id))
    .where(ne(t.cases.state, 'rejected'));
  const has = new Set<string>();
  for (const c of cases) {
    if (c.type === 'takeover' && c.engagement) has.add(`takeover/${c.engagement}`);
    if (c.type === 'claim') has.add(`claim/${c.engagement}/${c.period}`);
    if (c.type === 'grant') has.add(`grant/${c.compound}`);
    if (c.type === 'facility' && c.application) has.add(`facility/${c.application}`);
  }
  const byCommunity = new Map<string, RadarItem[]>();
  const add = (compound: string, item: RadarItem) => {
    const where = compoundOf.get(compound);
    if (!where || (only && where.community !== only)) return;
    byCommunity.set(where.community, [...(byCommunity.get(where.community) ?? []), item]);
  };
  // a takeover with no case: what its payable half-years come to together
  const takeovers = new Map<string, RadarItem>();
  for (const l of calc.lines) {
    const compound = subjectCompound.get(`${l.program}/${l.subject}`);
    if (!compound) continue;
    const name = compoundOf.get(compound)?.name ?? compound;
    if (l.program === 'T' && l.status === 'payable' && 'period' in l && l.period) {
      if (!has.has(`takeover/${l.subject}`)) {
        const seen = takeovers.get(l.subject);
        if (seen) seen.amount = formatMoney(fen(cents(seen.amount) + l.amount));
        else {
          const item: RadarItem = { kind: 'takeover', subject: l.subject, compound: name, amount: formatMoney(l.amount) };
          takeovers.set(l.subject, item);
          add(compound, item);
        }
      }
      if (!has.has(`claim/${l.subject}/${l.period}`))
        add(compound, { kind: 'claim', subject: l.subject, period: l.period, compound: name, amount: formatMoney(l.amount) });
    }
    if (l.program === 'W' && l.status === 'payable' && !has.has(`grant/${compound}`))
      add(compound, { kind: 'grant', subject: l.subject, compound: name, amount: formatMoney(l.amount) });
    if (l.program === 'F' && (l.status === 'granted' || l.status === 'capped') && !has.has(`facility/${l.subject}`))
      add(compound, { kind: 'facility', subject: l.subject, compound: name, amount: formatMoney(l.amount) });
  }
  // a takeover's amount is that of its half-years, which are listed too: counted once
  const sum = (items: RadarItem[]) =>
    formatMoney(fen(items.filter((i) => i.kind !== 'takeover').reduce((a, i) => a + cents(i.amount), 0n)));
  const communities = [...byCommunity]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([community, items]) => ({ community, items, count: items.length, amount: sum(items) }));
  const all = communities.flatMap((c) => c.items);
  return { asOf, communities, count: all.length, amount: sum(all) };
}
