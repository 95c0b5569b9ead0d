/**
 * Finding the registered places a spreadsheet row names — subdistrict, community, compound — and the
 * company by its USCC. An import never creates a place as a side effect: a name the registry does not
 * hold is an error that offers the closest registered names (a typo such as 北院社区 for 北苑社区 must not
 * become a second community).
 */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';

type Found<T> = { ok: true; value: T } | { ok: false; column: string; message: string };

export interface CommunityRef {
  id: number;
  code: string;
  name: string;
  subdistrict: string;
}

/** Edit distance (insertions, deletions, substitutions) between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length] as number;
}

/** Up to three registered names closest to `name` (and not too far from it), nearest first. */
export function closestNames(name: string, candidates: Iterable<string>, n = 3): string[] {
  const limit = Math.max(1, Math.floor(([...name].length - 1) / 2));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c, 'zh'))
    .slice(0, n)
    .map((x) => x.c);
}

const suggest = (names: string[]) => (names.length ? `；是否为：${names.join('、')}？` : '');

export interface Places {
  community(subdistrict: string | undefined, name: string): Found<CommunityRef>;
  compound(community: CommunityRef, name: string): Found<typeof t.compounds.$inferSelect>;
  company(uscc: string): typeof t.companies.$inferSelect | undefined;
  subdistrictNames(): string[];
}

export async function loadPlaces(db: Db): Promise<Places> {
  const subdistricts = await db.select().from(t.subdistricts);
  const subName = new Map(subdistricts.map((s) => [s.id, s.name]));
  const communities: CommunityRef[] = (await db.select().from(t.communities)).map((c) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    subdistrict: (c.subdistrictId !== null && subName.get(c.subdistrictId)) || '',
  }));
  const compounds = new Map<string, typeof t.compounds.$inferSelect>();
  const compoundNames = new Map<number, string[]>();
  for (const x of await db.select().from(t.compounds)) {
    compounds.set(`${x.communityId}/${x.name}`, x);
    compoundNames.set(x.communityId, [...(compoundNames.get(x.communityId) ?? []), x.name]);
  }
  const companies = new Map((await db.select().from(t.companies)).filter((c) => c.uscc).map((c) => [c.uscc as string, c]));
  return {
    community(subdistrict, name) {
      if (subdistrict !== undefined && !subdistricts.some((s) => s.name === subdistrict))
        return {
          ok: false,
          column: '街道',
          message: `街道“${subdistrict}”未登记${suggest(closestNames(subdistrict, subName.values()))}（街道和社区须先登记：jiangbu import communities）`,
        };
      const named = communities.filter((c) => c.name === name && (subdistrict === undefined || c.subdistrict === subdistrict));
      if (named.length === 1) return { ok: true, value: named[0] as CommunityRef };
      if (named.length > 1)
        return {
          ok: false,
          column: '社区',
          message: `社区“${name}”在多个街道（${named.map((c) => c.subdistrict).join('、')}）都有：请填写「街道」`,
        };
      const pool = communities.filter((c) => subdistrict === undefined || c.subdistrict === subdistrict).map((c) => c.name);
      const where = subdistrict === undefined ? '' : `${subdistrict}下`;
      return {
        ok: false,
        column: '社区',
        message: `${where}没有“${name}”社区${suggest(closestNames(name, pool))}（社区须先登记：jiangbu import communities）`,
      };
    },
    compound(community, name) {
      const x = compounds.get(`${community.id}/${name}`);
      if (x) return { ok: true, value: x };
      return {
        ok: false,
        column: '小区名称',
        message: `${community.name}没有“${name}”小区${suggest(closestNames(name, compoundNames.get(community.id) ?? []))}（小区须先在名单中登记）`,
      };
    },
    company: (uscc) => companies.get(uscc),
    subdistrictNames: () => subdistricts.map((s) => s.name),
  };
}
