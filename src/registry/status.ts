/** What the registry holds, in brief. */
import type { Db } from '../db/client.ts';
import { compounds } from '../db/schema.ts';

export async function registryIsEmpty(db: Db): Promise<boolean> {
  return (await db.select({ id: compounds.id }).from(compounds).limit(1)).length === 0;
}
