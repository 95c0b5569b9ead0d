/**
 * What the registry's read services share: paging, the roles that read the registry, name search,
 * and the data scope of each resource as a query condition (docs/domain.md "Data scopes"). A scope is
 * applied in the query itself, so a list never holds, and a count never counts, what the caller may not
 * see; an item outside it is not found (404).
 */
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';
import { requireRole } from '../access.ts';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../command.ts';

export interface Page {
  limit: number;
  offset: number;
}

export interface List<T> {
  items: T[];
  total: number;
}

/** Who reads the registry: everyone but the auditor, who reads the audit trail only. */
export const requireRegistryReader = (ctx: ServiceContext) =>
  requireRole(ctx.actor, ['bureau', 'finance', 'community', 'company', 'committee'], { zh: '查阅登记信息', en: 'reading the registry' });

/** The bureau, finance and the administrator see the city and personal data with need. */
export const seesCity = (actor: Actor): boolean => actor.role === 'bureau' || actor.role === 'finance' || actor.role === 'admin';

/** `q` as a case-insensitive substring pattern: its own % _ and \ match literally. */
export const contains = (column: AnyPgColumn, q: string): SQL => sql`${column} ilike ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;

/** All conditions that are set. */
export const allOf = (...conds: (SQL | undefined | false)[]): SQL | undefined => and(...conds.filter((c): c is SQL => !!c));

const NONE = sql`false`;
const id = (o: { id: number } | undefined) => o?.id ?? -1;

/**
 * The compounds an actor sees, as a condition on a column holding a compound id: a community its
 * compounds, a company the compounds it serves or has served, a committee its own compound.
 */
export function compoundScope(db: Db, actor: Actor, column: AnyPgColumn): SQL | undefined {
  if (seesCity(actor)) return undefined;
  switch (actor.role) {
    case 'community':
      return inArray(
        column,
        db
          .select({ id: t.compounds.id })
          .from(t.compounds)
          .where(eq(t.compounds.communityId, id(actor.scope?.community))),
      );
    case 'company':
      return inArray(
        column,
        db
          .select({ id: t.engagements.compoundId })
          .from(t.engagements)
          .where(eq(t.engagements.companyId, id(actor.scope?.company))),
      );
    case 'committee':
      return inArray(
        column,
        db
          .select({ id: t.committees.compoundId })
          .from(t.committees)
          .where(eq(t.committees.id, id(actor.scope?.committee))),
      );
    default:
      return NONE;
  }
}

/** Engagements: a community those on its compounds, a company its own; a committee none. */
export function engagementScope(db: Db, actor: Actor): SQL | undefined {
  if (seesCity(actor)) return undefined;
  switch (actor.role) {
    case 'community':
      return compoundScope(db, actor, t.engagements.compoundId);
    case 'company':
      return eq(t.engagements.companyId, id(actor.scope?.company));
    default:
      return NONE;
  }
}

/** Companies: a community those engaged on its compounds, a company itself; a committee none. */
export function companyScope(db: Db, actor: Actor): SQL | undefined {
  if (seesCity(actor)) return undefined;
  switch (actor.role) {
    case 'community':
      return inArray(
        t.companies.id,
        db
          .select({ id: t.engagements.companyId })
          .from(t.engagements)
          .where(compoundScope(db, actor, t.engagements.compoundId)),
      );
    case 'company':
      return eq(t.companies.id, id(actor.scope?.company));
    default:
      return NONE;
  }
}

/** Committees: a community those of its compounds, a committee its own; a company none. */
export function committeeScope(db: Db, actor: Actor): SQL | undefined {
  if (seesCity(actor)) return undefined;
  switch (actor.role) {
    case 'community':
      return compoundScope(db, actor, t.committees.compoundId);
    case 'committee':
      return eq(t.committees.id, id(actor.scope?.committee));
    default:
      return NONE;
  }
}

/** Communities: those of the compounds the actor sees (a community account: its own). */
export function communityScope(db: Db, actor: Actor): SQL | undefined {
  if (seesCity(actor)) return undefined;
  if (actor.role === 'community') return eq(t.communities.id, id(actor.scope?.community));
  return inArray(
    t.communities.id,
    db
      .select({ id: t.compounds.communityId })
      .from(t.compounds)
      .where(compoundScope(db, actor, t.compounds.id) ?? NONE),
  );
}

/** A company by its registry code or its USCC (what users know it by). */
export const companyNamed = (code: string): SQL => or(eq(t.companies.code, code), eq(t.companies.uscc, code.toUpperCase())) as SQL;
