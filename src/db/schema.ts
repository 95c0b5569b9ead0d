/**
 * The database schema, one for PGlite and PostgreSQL (drizzle; migrations in ./migrations): the registry
 * (step 2) and the people and process of step 3 — accounts, sessions, cases, public notices — and what
 * residents tell without an account: survey codes and complaints.
 */
export * from './schema-money.ts';
export * from './schema-process.ts';
export * from './schema-registry.ts';
export * from './schema-residents.ts';
