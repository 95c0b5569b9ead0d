/**
 * What each role finds in the console: its menu and the pages it may open. The server still checks
 * every request (src/server/access.ts and the service layer); this only keeps a role from seeing pages
 * it could not use.
 */
import type { Role } from './api.ts';
import type { MessageKey } from './i18n.tsx';

export type PageKey =
  | 'workbench'
  | 'cases'
  | 'communities'
  | 'compounds'
  | 'companies'
  | 'committees'
  | 'engagements'
  | 'budgets'
  | 'batches'
  | 'audit'
  | 'rosterChanges'
  | 'notices'
  | 'spending'
  | 'params'
  | 'surveys'
  | 'complaints'
  | 'dashboards'
  | 'whatif'
  | 'accounts';

export const REGISTRY_PAGES = ['communities', 'compounds', 'companies', 'committees', 'engagements'] as const;
export type RegistryKind = (typeof REGISTRY_PAGES)[number];

const REGISTRY: PageKey[] = [...REGISTRY_PAGES];

/** What the bureau and finance both open first: cases, the registry, budgets, batches, roster changes. */
const CITY_DESK: PageKey[] = ['workbench', 'cases', ...REGISTRY, 'budgets', 'batches', 'rosterChanges'];

export const PAGES: Record<Role, PageKey[]> = {
  bureau: [...CITY_DESK, 'notices', 'spending', 'params', 'surveys', 'complaints', 'dashboards', 'whatif'],
  finance: [...CITY_DESK, 'spending', 'params', 'surveys', 'dashboards', 'whatif'],
  community: ['workbench', 'cases', ...REGISTRY, 'budgets', 'rosterChanges', 'spending', 'params', 'surveys', 'complaints', 'dashboards'],
  company: ['workbench', 'cases', ...REGISTRY, 'params', 'complaints'],
  committee: ['workbench', 'cases', ...REGISTRY, 'spending', 'params'],
  auditor: ['workbench', 'audit', 'budgets', 'batches', 'spending', 'params', 'surveys', 'dashboards'],
  admin: ['workbench', ...REGISTRY, 'params', 'accounts'],
};

/** The pages of roster changes, 公示, committee spending, parameters, the what-if and accounts (the menu's end). */
export const ADMIN_PAGES: PageKey[] = ['rosterChanges', 'notices', 'spending', 'params', 'whatif', 'accounts'];

/** Roles with to-dos (GET /api/todos) and with the radar (GET /api/radar). */
export const HAS_TODOS: Role[] = ['bureau', 'finance', 'community', 'company', 'committee'];
export const HAS_RADAR: Role[] = ['bureau', 'finance', 'community'];
/** What residents tell (surveys, complaints): the menu's very end. */
export const RESIDENT_PAGES: PageKey[] = ['surveys', 'complaints'];
/** Open surveys and issue household codes (the others read them). */
export const OPENS_SURVEYS: Role[] = ['bureau', 'community'];
/** Acknowledge and resolve complaints (the bureau and a company read them, contacts masked). */
export const HANDLES_COMPLAINTS: Role[] = ['community'];
/** Finance approves batches (its password again). */
export const APPROVES_BATCHES: Role[] = ['finance'];

export const PATHS: Record<PageKey, string> = {
  workbench: '/',
  cases: '/cases',
  communities: '/registry/communities',
  compounds: '/registry/compounds',
  companies: '/registry/companies',
  committees: '/registry/committees',
  engagements: '/registry/engagements',
  budgets: '/budgets',
  batches: '/batches',
  audit: '/audit',
  rosterChanges: '/roster-changes',
  notices: '/notices',
  spending: '/spending',
  params: '/params',
  surveys: '/surveys',
  complaints: '/complaints',
  dashboards: '/dashboards',
  whatif: '/whatif',
  accounts: '/accounts',
};

/** Roles that read the city's progress ranking (GET /api/reports/progress); a community reads its own reports only. */
export const READS_RANKING: Role[] = ['bureau', 'finance', 'auditor', 'admin'];

export const roleLabel = (role: Role): MessageKey => `role_${role}`;

export const may = (role: Role, page: PageKey): boolean => PAGES[role].includes(page);
