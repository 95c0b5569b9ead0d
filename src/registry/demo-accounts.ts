/**
 * The demo city's accounts: one per role, the scoped ones bound to organisations that belong together
 * in the demo (a committee, its compound's community, and the company serving that compound), all with
 * the same published demo password and no change required — so anyone trying the demo can sign in as
 * every role. They exist only in the demo city (registry_meta.seeded_with 'demo'): on any other
 * registry `demoAccounts` refuses, and there are no default passwords anywhere else.
 */
import { eq, inArray } from 'drizzle-orm';
import { formatTable } from '../cli/table.ts';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { userError } from '../lib/errors.ts';
import { loadPolicy } from '../policy/load.ts';
import { calculate } from '../rules/engine.ts';
import { validateScenario } from '../rules/scenario/validate.ts';
import { ROLE_LABELS, type Role } from '../service/actor.ts';
import { createUser } from '../service/auth/users.ts';
import type { ServiceContext } from '../service/command.ts';
import { seededWith } from '../service/registry-info.ts';
import { demoScenario } from './demo.ts';
import { committeeName } from './labels.ts';

/** DEMO ONLY — published in the README and at the demo's first start; never valid outside the demo city. */
export const DEMO_PASSWORD = 'Jiangbu-Demo-2026';

/** Who the demo accounts are and what they are bound to (by the demo's own codes). */
/** The demo accounts' organisations (by the demo's codes), and the engagement that ties them together. */
export function demoOrganisations(): { community: string; company: string; committee: string; compound: string; engagement: string } {
  const s = demoScenario();
  // the first committee whose grant the engine would pay once reviewed, at a compound a company serves:
  // so the demo committee can take its application all the way
  const reviewed = { ...s, committees: (s.committees ?? []).map((w) => ({ ...w, operatingNormally: true, reviewApproved: true })) };
  const v = validateScenario(reviewed);
  if (!v.ok) throw new Error('the demo scenario is not valid');
  const payable = new Set(
    calculate(v.scenario, loadPolicy())
      .lines.filter((l) => l.program === 'W' && l.status === 'payable')
      .map((l) => l.subject),
  );
  const served = (compoundId: string) =>
    (s.engagements ?? []).find((e) => e.compoundId === compoundId && e.endDate === null && e.commitmentSigned !== null);
  const committee = (s.committees ?? []).find((w) => payable.has(w.id) && served(w.compoundId));
  const compound = s.compounds.find((c) => c.id === committee?.compoundId);
  const engagement = compound ? served(compound.id) : undefined;
  if (!committee || !compound || !engagement) throw new Error('the demo city has no committee with a served compound');
  return {
    community: compound.communityId,
    company: engagement.companyId,
    committee: committee.id,
    compound: compound.id,
    engagement: engagement.id,
  };
}

export function demoAccountSpecs(): { username: string; role: Role; scope?: string; displayName: string }[] {
  const orgs = demoOrganisations();
  const scopes: Partial<Record<Role, string>> = {
    community: orgs.community,
    company: orgs.company,
    committee: orgs.committee,
  };
  return (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({
    username: `demo-${role}`,
    role,
    ...(scopes[role] ? { scope: scopes[role] } : {}),
    displayName: `演示·${ROLE_LABELS[role]}`,
  }));
}

export interface DemoAccount {
  username: string;
  role: Role;
  /** the organisation's code as users name it (community code, company USCC, committee code), or null */
  scope: string | null;
  organisation: string | null;
  password: string;
}

/**
 * Makes the demo accounts that do not exist yet; refuses (409 `demo.not_demo`) unless the registry is
 * the demo city. Returns the demo accounts.
 */
export async function demoAccounts(ctx: ServiceContext): Promise<DemoAccount[]> {
  if ((await seededWith(ctx.db)) !== 'demo')
    throw userError(
      'demo.not_demo',
      '演示账户只能建在演示城市中（jiangbu seed --demo），不能建在其他登记库中',
      'demo accounts exist only in the demo city (jiangbu seed --demo), never in another registry',
      { status: 409 },
    );
  const specs = demoAccountSpecs();
  const existing = new Set(
    (
      await ctx.db
        .select({ username: t.appUsers.username })
        .from(t.appUsers)
        .where(
          inArray(
            t.appUsers.username,
            specs.map((a) => a.username),
          ),
        )
    ).map((u) => u.username),
  );
  for (const a of specs) if (!existing.has(a.username)) await createUser(ctx, { ...a, password: DEMO_PASSWORD, mustChangePassword: false });
  return listDemoAccounts(ctx.db);
}

/** The demo accounts the registry holds, with their organisations (what `npm start` prints). */
export async function listDemoAccounts(db: Db): Promise<DemoAccount[]> {
  const out: DemoAccount[] = [];
  for (const a of demoAccountSpecs()) {
    const [u] = await db.select().from(t.appUsers).where(eq(t.appUsers.username, a.username));
    if (!u) continue;
    let scope: string | null = null;
    let organisation: string | null = null;
    if (u.communityId !== null) {
      const [c] = await db.select().from(t.communities).where(eq(t.communities.id, u.communityId));
      [scope, organisation] = [c?.code ?? null, c?.name ?? null];
    } else if (u.companyId !== null) {
      const [c] = await db.select().from(t.companies).where(eq(t.companies.id, u.companyId));
      [scope, organisation] = [c?.uscc ?? c?.code ?? null, c?.name ?? null];
    } else if (u.committeeId !== null) {
      const [w] = await db
        .select({ code: t.committees.code, compound: t.compounds.name })
        .from(t.committees)
        .innerJoin(t.compounds, eq(t.committees.compoundId, t.compounds.id))
        .where(eq(t.committees.id, u.committeeId));
      [scope, organisation] = [w?.code ?? null, w ? committeeName(w.compound) : null];
    }
    out.push({ username: u.username, role: u.role, scope, organisation, password: DEMO_PASSWORD });
  }
  return out;
}

/** The demo accounts as a table for the terminal, headed by the warning that they are for the demo only. */
export function demoAccountsText(accounts: DemoAccount[]): string {
  if (accounts.length === 0) return '';
  const table = formatTable(
    ['用户名 / username', '角色 / role', '范围 / scope', '单位 / organisation', '密码 / password'],
    accounts.map((a) => [a.username, a.role, a.scope ?? '—', a.organisation ?? '—', a.password]),
  );
  return `演示账户（仅限演示城市；密码公开，切勿用于真实数据）/ Demo accounts (demo city only; the password is public: never use it for real data)\n${table}`;
}
