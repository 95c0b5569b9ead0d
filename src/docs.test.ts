/**
 * Meta-test: the repository explains itself. Every rule id the code cites has its place in
 * docs/policy.md; every docs/*.md page and section cited exists; the parameters, clauses and decisions
 * of docs/policy.md are those of the policy data; the workflow tables of docs/domain.md are the code's;
 * every table and role has its name in the docs; and nothing points outside the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getTableName, isTable } from 'drizzle-orm';
import * as schema from './db/schema.ts';
import { loadPolicy } from './policy/load.ts';
import { MESSAGES } from './rules/explain/messages.ts';
import { RULE_IDS } from './rules/explain/types.ts';
import { ROLES } from './service/actor.ts';
import { DEADLINE_DAYS } from './service/cases/deadlines.ts';
import { WORKFLOWS } from './workflow/index.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const doc = (name: string) => readFileSync(join(root, 'docs', name), 'utf8');

/** Directories that are not the repository's own text: installed packages, databases, backups. */
const SKIP = (name: string) => name === 'node_modules' || name === '.git' || name === 'data' || name.startsWith('data.');

/** Reads what is there; a file another test removed meanwhile is simply not there. */
const gone = (e: unknown) => (e as { code?: string }).code === 'ENOENT';
function tryRead<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (gone(e)) return null;
    throw e;
  }
}

/** Every text file of the working tree (binary files — a NUL byte — and logs left out). */
function repoFiles(dir = root): string[] {
  return (tryRead(() => readdirSync(dir)) ?? []).flatMap((name) => {
    if (SKIP(name)) return [];
    const p = join(dir, name);
    const s = tryRead(() => statSync(p));
    if (!s) return [];
    if (s.isDirectory()) return repoFiles(p);
    if (name.endsWith('.log') || s.size > 5_000_000) return [];
    return [p];
  });
}
const texts = repoFiles()
  .map((p) => ({ path: relative(root, p), text: tryRead(() => readFileSync(p, 'utf8')) ?? '' }))
  .filter((f) => !f.text.includes('\u0000'));
const srcFiles = texts.filter((f) => f.path.startsWith('src/') && f.path.endsWith('.ts'));

/** Rule ids as the code writes them: T.4, T.8.1, W.3, F.5, D-12, R-8 (not parameter names like T.rate.tier1). */
const RULE_ID = /\b[TWF]\.\d+(?:\.\d+)?\b|\bD-\d+\b|\bR-\d+\b/g;

const policyMd = doc('policy.md');
/** The ids docs/policy.md gives a place: its headings' first word, and explicit anchors. */
const policyIds = new Set([
  ...[...policyMd.matchAll(/^#{1,6}\s+(\S+)/gm)].map((m) => m[1] as string),
  ...[...policyMd.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] as string),
]);

const headings = (md: string) => new Set([...md.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => m[1] as string));

describe('docs: rule ids', () => {
  test('every rule id cited in src/ has a heading or an anchor in docs/policy.md', () => {
    const missing: string[] = [];
    for (const f of srcFiles) for (const m of f.text.matchAll(RULE_ID)) if (!policyIds.has(m[0])) missing.push(`${f.path}: ${m[0]}`);
    assert.deepEqual(missing, [], 'cite only ids that docs/policy.md defines (or define them there)');
  });

  test('the engine’s trace rule ids and the policy’s decisions have their anchors', () => {
    const policy = loadPolicy();
    for (const id of RULE_IDS) assert.ok(policyIds.has(id), `trace rule ${id} is not an anchor of docs/policy.md`);
    for (const d of policy.decisions) {
      assert.ok(policyIds.has(d.id), `${d.id} has no anchor in docs/policy.md`);
      for (const r of d.rules) assert.ok(policyIds.has(r), `${d.id} points at rule ${r}, not in docs/policy.md`);
    }
  });

  test('every reason code is named in docs/policy.md beside its rule', () => {
    const unnamed = Object.keys(MESSAGES).filter((code) => !policyMd.includes(`\`${code}\``));
    assert.deepEqual(unnamed, []);
  });
});

describe('docs: the policy page is the policy data', () => {
  const policy = loadPolicy();
  const rows = new Map(
    [...policyMd.matchAll(/^\| `([A-Za-z][\w.]*)` \| ([^|]*) \| ([^|]*) \| ([^|]*) \| ([^|]*) \|/gm)].map((m) => [
      m[1] as string,
      { value: (m[2] as string).trim(), unit: (m[3] as string).trim(), clause: (m[4] as string).trim(), decision: (m[5] as string).trim() },
    ]),
  );
  const shown = (v: unknown): string => (v === null ? '(empty)' : Array.isArray(v) ? v.join(', ') : String(v));

  test('the parameters table lists every parameter with the value in force, its unit, clause and decision', () => {
    for (const p of policy.parameters.values()) {
      const row = rows.get(p.id);
      assert.ok(row, `parameter ${p.id} is missing from docs/policy.md "Parameters"`);
      const current = p.values.find((v) => v.to === null) ?? p.values[p.values.length - 1];
      assert.equal(row.value, shown(current?.value), `${p.id}: value`);
      assert.equal(row.unit, p.unit, `${p.id}: unit`);
      assert.equal(row.clause, p.clause, `${p.id}: clause`);
      assert.equal(row.decision, p.decision ?? '—', `${p.id}: decision`);
    }
  });

  test('the clauses table lists every clause id with its place in the text', () => {
    for (const c of policy.clauses.values())
      assert.ok(policyMd.includes(`| ${c.id} | ${c.ref} |`), `clause ${c.id} (${c.ref}) is missing from docs/policy.md "Clauses"`);
  });
});

describe('docs: citations', () => {
  test('every docs page cited exists, and every section cited as docs/<page>.md "Section" is a heading there', () => {
    const problems: string[] = [];
    for (const f of texts)
      for (const m of f.text.matchAll(/\bdocs\/([\w-]+\.md)(?:\s+"([^"]+)")?/g)) {
        const file = join(root, 'docs', m[1] as string);
        if (!existsSync(file)) problems.push(`${f.path}: docs/${m[1]} does not exist`);
        else if (m[2] && !headings(readFileSync(file, 'utf8')).has(m[2])) problems.push(`${f.path}: docs/${m[1]} has no section "${m[2]}"`);
      }
    assert.deepEqual(problems, []);
  });

  test('no file points at the design folder outside the repository or its files', () => {
    // spelt in pieces so that this file does not name them itself
    const outside = [['..', 'shared'].join('/'), ['', 'work', ''].join('/')];
    const designFiles = new RegExp(`\\b${['RUL', 'ES'].join('')}\\b|\\b(?:${['DOMAIN', 'GLOSSARY', 'FORMAT', 'GUIDE'].join('|')})\\.md\\b`);
    const hits = texts.filter((f) => outside.some((s) => f.text.includes(s)) || designFiles.test(f.text)).map((f) => f.path);
    assert.deepEqual(hits, [], 'cite docs/policy.md, docs/domain.md, docs/glossary.md or docs/calc-format.md instead');
  });
});

describe('docs: the domain page is the code', () => {
  const domainMd = doc('domain.md');
  const glossaryMd = doc('glossary.md');
  const code = (s: string) => `\`${s}\``;

  test('each workflow’s section lists its states and its transition table exactly', () => {
    for (const w of Object.values(WORKFLOWS)) {
      const start = domainMd.search(new RegExp(`^### ${w.type} `, 'm'));
      assert.ok(start >= 0, `docs/domain.md has no section "### ${w.type} …"`);
      const rest = domainMd.slice(start + 4);
      const end = rest.search(/^##/m);
      const section = end < 0 ? rest : rest.slice(0, end);
      for (const [state, zh] of Object.entries(w.states)) {
        const row = `| ${code(state)} | ${zh} | ${DEADLINE_DAYS[state] ?? '—'} |`;
        assert.ok(section.includes(row), `${w.type}: state row missing or changed; expected\n${row}`);
      }
      for (const t of w.transitions) {
        const row = `| ${code(t.action)} | ${t.label} | ${t.from.map(code).join(', ')} | ${code(t.to)} | ${t.roles.join(', ')} |`;
        assert.ok(section.includes(row), `${w.type}: transition row missing or changed; expected\n${row}`);
      }
    }
  });

  test('every role, case type and database table is named in docs/glossary.md or docs/domain.md', () => {
    const both = glossaryMd + domainMd;
    for (const r of ROLES) assert.ok(both.includes(code(r)), `role ${r}`);
    for (const w of Object.values(WORKFLOWS)) assert.ok(glossaryMd.includes(code(w.type)), `case type ${w.type} in docs/glossary.md`);
    const tables = Object.values(schema)
      .filter((x) => isTable(x))
      .map((x) => getTableName(x as Parameters<typeof getTableName>[0]));
    assert.ok(tables.length > 20, 'the schema’s tables are found');
    const unnamed = tables.filter((name) => !both.includes(code(name)));
    assert.deepEqual(unnamed, [], 'tables not named in the docs');
  });
});
