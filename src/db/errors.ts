/** Database errors as the registry reports them: drizzle wraps the driver's error as `cause`. */
export interface DbError {
  message: string;
  /** SQLSTATE, e.g. 23505 unique violation, 23514 check violation, 23000 integrity (sealed roster) */
  code?: string;
  constraint?: string;
}

export function dbError(e: unknown): DbError {
  const inner = (e as { cause?: unknown })?.cause ?? e;
  const x = inner as { message?: string; code?: string; constraint?: string };
  const out: DbError = { message: x?.message ?? String(inner) };
  if (x?.code) out.code = x.code;
  if (x?.constraint) out.constraint = x.constraint;
  return out;
}

/** For tests: does the rejection carry this database message? */
export const dbRejects = (pattern: RegExp) => (e: unknown) => pattern.test(dbError(e).message);

/** For tests: is the rejection this constraint (by name), or this SQLSTATE? */
export const violates = (constraint: string) => (e: unknown) => dbError(e).constraint === constraint;
export const sqlState = (code: string) => (e: unknown) => dbError(e).code === code;
