/**
 * The labels of complaints on the public form, the community's list and the workbench (no import: the
 * browser tests read the categories too).
 */

/** The categories the server accepts (COMPLAINT_CATEGORIES in src/db/schema-residents.ts), in the form's order. */
export const CATEGORIES = ['cleaning', 'repair', 'security', 'fees', 'service', 'other'] as const;
const STATES = ['open', 'acknowledged', 'resolved'] as const;

/** The message keys (web/src/i18n-residents.ts) of a category and a state. */
export const categoryKey = (c: string) => `cpCat_${c}` as `cpCat_${(typeof CATEGORIES)[number]}`;
export const statusKey = (s: string) => `cpStatus_${s}` as `cpStatus_${(typeof STATES)[number]}`;
