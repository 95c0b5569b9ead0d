/** Finding registered records by what a spreadsheet row names: community and compound names, USCC. */
import type { Db } from '../../db/client.ts';
import * as t from '../../db/schema.ts';

export interface Registry {
  /** compound id by "community name/compound name"; null when the community name is ambiguous */
  compound: (community: string, name: string) => { id: number; code: string } | 'no-community' | 'ambiguous-community' | 'no-compound';
  company: (uscc: string) => { id: number; code: string } | undefined;
}

export async function loadRegistry(db: Db): Promise<Registry> {
  const communitiesByName = new Map<string, number[]>();
  for (const c of await db.select().from(t.communities)) communitiesByName.set(c.name, [...(communitiesByName.get(c.name) ?? []), c.id]);
  const compounds = new Map((await db.select().from(t.compounds)).map((c) => [`${c.communityId}/${c.name}`, c]));
  const companies = new Map((await db.select().from(t.companies)).filter((c) => c.uscc).map((c) => [c.uscc as string, c]));
  return {
    compound: (community, name) => {
      const ids = communitiesByName.get(community);
      if (!ids) return 'no-community';
      if (ids.length > 1) return 'ambiguous-community';
      return compounds.get(`${ids[0]}/${name}`) ?? 'no-compound';
    },
    company: (uscc) => companies.get(uscc),
  };
}

export const COMPOUND_PROBLEM = {
  'no-community': '社区未登记',
  'ambiguous-community': '社区名称在多个街道重复，无法确定',
  'no-compound': '该社区下没有这个小区（请先导入名单）',
} as const;
