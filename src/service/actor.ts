/**
 * Who acts. Every service call takes the acting user: an account signed in over HTTP (step 3), or the
 * operator at the server's command line. The name is what the database records as `created_by` /
 * `updated_by` and what the audit trail shows.
 */
import { userInfo } from 'node:os';

/** The roles of the platform (GLOSSARY.md): who may do what is decided by the service layer. */
export const ROLES = ['admin', 'auditor', 'bureau', 'finance', 'community', 'company', 'committee'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** an account's username; `os:NAME` for the operator at the command line; `system` for start-up work */
  username: string;
  role: Role;
  /** where the request came from */
  channel: 'cli' | 'http' | 'system';
  ip?: string | undefined;
  requestId?: string | undefined;
}

/**
 * The person at the server's shell: they hold the database itself, so the CLI acts with the
 * administrator's rights, under their operating-system login name.
 */
export function operator(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? 'unknown';
  }
  return { username: `os:${name}`, role: 'admin', channel: 'cli' };
}

/** The server itself, for work nobody asked for (the demo city on a first start). */
export const SYSTEM: Actor = { username: 'system', role: 'admin', channel: 'system' };
