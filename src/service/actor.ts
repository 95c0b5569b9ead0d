/**
 * Who acts. Every service call takes the acting user: an account signed in over HTTP, the operator at
 * the server's command line, or the public (no account: 公示 and objections). The name is what the
 * database records as `created_by` / `updated_by` and what the audit trail shows; the scope is the
 * organisation an account is bound to — the data it may see and act on.
 */
import { userInfo } from 'node:os';

/** The roles of the platform (docs/glossary.md): who may do what is decided by the service layer. */
export const ROLES = ['admin', 'auditor', 'bureau', 'finance', 'community', 'company', 'committee'] as const;
export type Role = (typeof ROLES)[number];

/** Each role's name as users read it. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  auditor: '审计员',
  bureau: '住建局',
  finance: '财政局',
  community: '社区',
  company: '物业企业',
  committee: '业委会',
};

/** An organisation by its id (database) and code (what users and URLs name it by). */
export interface OrgRef {
  id: number;
  code: string;
  name?: string;
}

/** The organisation a community, company or committee account is bound to. */
export interface Scope {
  community?: OrgRef;
  company?: OrgRef;
  committee?: OrgRef;
}

export interface Actor {
  /** an account's username; `os:NAME` for the operator at the command line; `system`; `public` */
  username: string;
  role: Role | 'public';
  scope?: Scope | undefined;
  /** the account's id, when the actor is one */
  userId?: number | undefined;
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

/** Anyone, without an account (public pages, objections, login attempts). */
export const publicActor = (ip?: string, requestId?: string): Actor => ({
  username: 'public',
  role: 'public',
  channel: 'http',
  ip,
  requestId,
});
