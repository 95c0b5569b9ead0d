/** The command line: output, exit status and messages, in process and as a real `jiangbu` process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testActor } from '../service/testing.ts';
import { type Io, run } from './main.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = (name: string) => `${root}policy/erenhot-2025/examples/${name}`;

async function cli(args: string[], files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', status: 0 };
  const io: Io = {
    stdout: (s) => {
      out.stdout += s;
    },
    stderr: (s) => {
      out.stderr += s;
    },
    readFile: (p) => files[p] ?? readFileSync(p, 'utf8'),
    openDb: () => Promise.reject(new Error('no database in these tests')),
    today: () => '2026-11-29',
    binaryStdout: () => {
      throw new Error('no binary output in these tests');
    },
    interactive: false,
    actor: testActor(),
  };
  out.status = await run(args, io);
  return out;
}

describe('jiangbu calc', () => {
  test('prints the result of an example', async () => {
    const r = await cli(['calc', example('01-takeover-basic.json')]);
    assert.equal(r.status, 0);
    const result = JSON.parse(r.stdout);
    assert.deepEqual(result.totals, { T: '31432.26', W: '0.00', F: '0.00' });
    assert.match(result.policy.paramsHash, /^sha256:[0-9a-f]{64}$/);
    assert.match(result.lines[0].reasons[0].text, /一档/);
  });
  test('--lang en --explain', async () => {
    const r = await cli(['calc', example('02-committee.json'), '--lang', 'en', '--explain']);
    const line = JSON.parse(r.stdout).lines[0];
    assert.match(line.reasons[0].text, /registered households/);
    assert.ok(line.trace.length > 0);
  });
  test('--set changes a parameter for the calculation and the hash', async () => {
    const base = JSON.parse((await cli(['calc', example('01-takeover-basic.json')])).stdout);
    const r = JSON.parse((await cli(['calc', example('01-takeover-basic.json'), '--set', 'T.rate.tier1=0.50'])).stdout);
    assert.equal(r.lines[0].amount, '21290.32');
    assert.notEqual(r.policy.paramsHash, base.policy.paramsHash);
  });
  test('bad input: status 2, each path on stderr, nothing on stdout', async () => {
    const bad = JSON.stringify({
      asOf: '2025-02-30',
      compounds: [{ id: 'X1', name: 'n', communityId: 'C', kind: 'compound', area: 100, households: 1, onRoster2023: true }],
    });
    const r = await cli(['calc', 'bad.json'], { 'bad.json': bad });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /\$\.asOf: 不是有效的日期/);
    assert.match(r.stderr, /\$\.compounds\[0\]\.area: /);
  });
  test('usage errors: status 2', async () => {
    assert.equal((await cli(['calc'])).status, 2);
    assert.equal((await cli(['calc', '/no/such/file.json'])).status, 2);
    const unknownParam = await cli(['calc', example('01-takeover-basic.json'), '--set', 'T.nothing=1']);
    assert.equal(unknownParam.status, 2);
    assert.match(unknownParam.stderr, /^ {2}--set: T\.nothing：没有这个参数（见 jiangbu params）/m);
    assert.equal((await cli(['calc', example('01-takeover-basic.json'), '--set', 'T.rate.tier1=abc'])).status, 2);
    assert.equal((await cli(['calc', example('01-takeover-basic.json'), '--lang', 'fr'])).status, 2);
    assert.equal((await cli(['frobnicate'])).status, 2);
    assert.equal((await cli(['calc', 'x.json'], { 'x.json': '{' })).status, 2);
  });
});

describe('jiangbu simulate', () => {
  test('baseline vs changed: totals, difference, changed lines', async () => {
    const r = await cli(['simulate', example('01-takeover-basic.json'), '--set', 'T.rate.tier1=0.50']);
    assert.equal(r.status, 0);
    const s = JSON.parse(r.stdout);
    assert.equal(s.baseline.totals.T, '31432.26');
    assert.equal(s.changed.totals.T, '35690.32');
    assert.equal(s.difference.T, '4258.06');
    assert.deepEqual(
      s.lines.map((l: { period: string }) => l.period),
      ['2024H1', '2025H1', '2025H2'],
    );
    assert.deepEqual(s.lines[0].before, { status: 'payable', tier: 1, amount: '17032.26' });
  });
  test('needs --set', async () => {
    assert.equal((await cli(['simulate', example('01-takeover-basic.json')])).status, 2);
  });
});

describe('jiangbu params and schema', () => {
  test('params lists every parameter with value, unit, dates, clause and D-n', async () => {
    const r = await cli(['params', '--at', '2025-06-30', '--json']);
    const rows = JSON.parse(r.stdout);
    const rate = rows.find((p: { id: string }) => p.id === 'T.rate.tier1');
    assert.deepEqual([rate.value, rate.unit, rate.from, rate.clause], ['0.40', 'yuan/m²/month', '2024-01-01', '2.2.1']);
    assert.equal(rows.find((p: { id: string }) => p.id === 'T.entryFrom').decision, 'D-1');
    const table = (await cli(['params'])).stdout;
    assert.match(table, /^参数/);
    assert.match(table, /F\.categories\s+health,safety,security,basic/);
    assert.equal((await cli(['params', '--at', '2025-02-30'])).status, 2);
  });
  test('schema prints the JSON Schema of the scenario', async () => {
    const s = JSON.parse((await cli(['schema'])).stdout);
    assert.deepEqual(s.required, ['asOf', 'compounds']);
    assert.ok(s.properties.engagements);
  });
});

describe('the installed command', () => {
  // a child of the test runner must not think it is a test file itself
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  test('bin/jiangbu.js runs calc and refuses bad input with status 2', async () => {
    const ok = spawnSync(process.execPath, [`${root}bin/jiangbu.js`, 'calc', example('03-facility-caps.json')], { encoding: 'utf8', env });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).totals.F, '29000.00');
    const bad = spawnSync(process.execPath, [`${root}bin/jiangbu.js`, 'calc', '-'], {
      encoding: 'utf8',
      env,
      input: '{"asOf":"2024-01-01","compounds":[{"id":"A"}]}',
    });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /\$\.compounds\[0\]\.name/);
  });
});

describe('the registry from the command line', () => {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  /** The real `jiangbu` on its own embedded database in a temporary directory. */
  const registryCli = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiangbu-cli-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [`${root}bin/jiangbu.js`, ...args], {
        encoding: 'utf8',
        env: { ...env, DATABASE_URL: '', JIANGBU_DATA_DIR: dataDir },
      });
    return { dataDir, run };
  };
  test('seed --scenario then calc --db prints what calc prints', () => {
    const { dataDir, run } = registryCli();
    try {
      const seeded = run('seed', '--scenario', example('02-committee.json'));
      assert.equal(seeded.status, 0, seeded.stderr);
      const fromDb = run('calc', '--db', '--as-of', '2025-03-01');
      assert.equal(fromDb.status, 0, fromDb.stderr);
      const fromFile = run('calc', example('02-committee.json'));
      assert.equal(fromDb.stdout, fromFile.stdout);
      assert.equal(run('calc', '--db', '--as-of', '2025-02-30').status, 2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  test('a roster correction from the command line: request with evidence, approve, and the calculation follows', () => {
    const { dataDir, run } = registryCli();
    try {
      assert.equal(run('seed', '--scenario', example('02-committee.json')).status, 0);
      const evidence = join(dataDir, '..', `evidence-${process.pid}.pdf`);
      writeFileSync(evidence, '%PDF-1.4 2023年底已有物业的证明');
      const notPdf = join(dataDir, '..', `evidence-${process.pid}-bad.pdf`);
      writeFileSync(notPdf, 'not a pdf');
      const removeX1 = (file: string, ...more: string[]) =>
        run('roster', 'request', '--compound', 'X1', '--action', 'remove', '--reason', '2023年底已有物业', '--evidence', file, ...more);
      const refused = removeX1(notPdf);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /不是 PDF/);
      assert.equal(removeX1(evidence, '--by', '团结社区').status, 2); // who acts is not a flag: it is the operator
      const requested = removeX1(evidence);
      assert.equal(requested.status, 0, requested.stderr);
      const id = requested.stdout.trim();
      assert.equal(run('roster', 'decide', id, '--approve').status, 0);
      const [change] = JSON.parse(run('roster', 'changes', '--json').stdout);
      assert.deepEqual(
        [change.status, change.requestedBy.startsWith('os:'), change.evidence.fileName],
        ['approved', true, `evidence-${process.pid}.pdf`],
      );
      assert.match(run('roster', 'changes').stdout, /^编号\s+小区\s+变更/);
      const after = JSON.parse(run('calc', '--db', '--as-of', '2025-03-01').stdout);
      const w1 = after.lines.find((l: { subject: string }) => l.subject === 'W1');
      assert.deepEqual([w1.status, w1.reasons[0].code], ['ineligible', 'W_NOT_ON_ROSTER']);
      rmSync(evidence);
      rmSync(notPdf);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
