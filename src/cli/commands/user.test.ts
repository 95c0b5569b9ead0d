/**
 * `jiangbu user`: accounts from the command line, and what they are worth at the server — the one-time
 * password printed alone on the last line signs in and must be changed first; lock, unlock and reset
 * take effect there.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openMigrated } from '../../db/client.ts';
import { committee, compound, engagement, scenario } from '../../rules/scenario/fixtures.ts';
import { buildApp } from '../../server/app.ts';
import { type RegistryCli, registryCli } from '../testing.ts';

const lastLine = (s: string) => s.trimEnd().split('\n').at(-1) as string;

describe('jiangbu user', () => {
  let r: RegistryCli;
  before(async () => {
    r = registryCli();
    const file = join(r.work, 'city.json');
    writeFileSync(file, JSON.stringify(scenario({ compounds: [compound()], engagements: [engagement()], committees: [committee()] })));
    const seeded = await r.cli('seed', '--scenario', file);
    assert.equal(seeded.status, 0, seeded.stderr);
  });
  after(() => r.dispose());

  /** The server on the CLI's registry, while `fn` runs (the embedded registry is one process's at a time). */
  async function server<T>(fn: (app: FastifyInstance) => Promise<T>): Promise<T> {
    const database = await openMigrated({ url: '', dataDir: r.dataDir });
    const app = await buildApp({ database });
    try {
      return await fn(app);
    } finally {
      await app.close();
      await database.close();
    }
  }

  const login = (app: FastifyInstance, username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  let alicePassword = '';

  test('create prints the one-time password alone on the last line; it signs in and must be changed first', async () => {
    const made = await r.cli('user', 'create', '--username', 'alice', '--role', 'community', '--scope', 'C1');
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /已创建账户 alice（community C1）/);
    alicePassword = lastLine(made.stdout);
    assert.match(alicePassword, /^\S{16}$/);
    assert.equal(made.stdout.endsWith(`\n${alicePassword}\n`), true);
    await server(async (app) => {
      const res = await login(app, 'alice', alicePassword);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual([body.user.username, body.user.role, body.user.scope, body.mustChangePassword], ['alice', 'community', 'C1', true]);
      const cookie = res.cookies.find((c) => c.name === 'jb_session');
      const headers = { cookie: `jb_session=${cookie?.value}`, 'x-csrf-token': body.csrfToken };
      const blocked = await app.inject({ headers, url: '/api/registry/calc?asOf=2025-12-01' });
      assert.equal(blocked.statusCode, 403);
      assert.equal(blocked.json().code, 'auth.password_change_required');
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { current: alicePassword, next: 'Chosen-By-Her-77' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const now = await app.inject({ headers, url: '/api/registry/calc?asOf=2025-12-01' });
      assert.equal(now.statusCode, 200, now.body);
    });
    alicePassword = 'Chosen-By-Her-77';
  });

  test('a company account is bound by the USCC or code; every scope error names the flag', async () => {
    const company = await r.cli('user', 'create', '--username', 'p1-clerk', '--role', 'company', '--scope', 'P1');
    assert.equal(company.status, 0, company.stderr);
    const w = await r.cli('user', 'create', '--username', 'w1-chair', '--role', 'committee', '--scope', 'W1', '--lang', 'en');
    assert.equal(w.status, 0, w.stderr);
    assert.match(w.stdout, /account w1-chair created \(committee W1\)\none-time password/);

    const cases: [string[], RegExp][] = [
      [['--role', 'community'], /--scope/],
      [['--role', 'community', '--scope', 'NOPE'], /^jiangbu: --scope NOPE：没有编码为 NOPE 的社区\n$/],
      [['--role', 'company', '--scope', 'NOPE'], /--scope NOPE/],
      [['--role', 'committee', '--scope', 'NOPE'], /--scope NOPE/],
      [['--role', 'bureau', '--scope', 'C1'], /不绑定单位，不能带 --scope/],
      [['--role', 'mayor'], /--role mayor：角色应为 admin、/],
      [[], /--role/],
    ];
    for (const [args, message] of cases) {
      const res = await r.cli('user', 'create', '--username', 'bob', ...args);
      assert.deepEqual([res.status, res.stdout], [2, ''], args.join(' '));
      assert.match(res.stderr, message, args.join(' '));
    }
    const noName = await r.cli('user', 'create', '--role', 'admin', '--lang', 'en');
    assert.deepEqual([noName.status, noName.stderr], [2, 'jiangbu: user create needs --username NAME\n']);
  });

  test('a username is taken once, whatever its case; unsupported flags are refused', async () => {
    for (const name of ['alice', 'ALICE']) {
      const again = await r.cli('user', 'create', '--username', name, '--role', 'admin');
      assert.deepEqual([again.status, again.stdout], [2, '']);
      assert.match(again.stderr, /已存在/);
    }
    const flag = await r.cli('user', 'list', '--role', 'admin');
    assert.deepEqual([flag.status, flag.stderr], [2, 'jiangbu: jiangbu user list 不支持选项 --role（见 jiangbu help）\n']);
    const json = await r.cli('user', 'create', '--username', 'x-1', '--role', 'admin', '--json');
    assert.equal(json.status, 2);
    const sub = await r.cli('user', 'delete', 'alice');
    assert.equal(sub.status, 2);
    assert.match(sub.stderr, /用法：jiangbu user create/);
  });

  test('jiangbu help lists the user commands in both languages', async () => {
    assert.match((await r.cli('help')).stdout, /jiangbu user create --username 用户名 --role 角色 \[--scope 编码\]/);
    assert.match((await r.cli('help', '--lang', 'en')).stdout, /jiangbu user reset-password NAME/);
  });

  test('list shows the accounts with their scopes; --json for scripts', async () => {
    const json = await r.cli('user', 'list', '--json');
    assert.equal(json.status, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as { username: string; role: string; scope: string | null; mustChangePassword: boolean }[];
    assert.deepEqual(
      rows.map((u) => [u.username, u.role, u.scope, u.mustChangePassword]),
      [
        ['alice', 'community', 'C1', false],
        ['p1-clerk', 'company', 'P1', true],
        ['w1-chair', 'committee', 'W1', true],
      ],
    );
    const table = await r.cli('user', 'list', '--lang', 'en');
    assert.match(table.stdout, /^username +name +role +scope/);
    assert.match(table.stdout, /\nw1-chair +committee +W1 +yes/);
  });

  test('lock refuses the login (423) until unlocked; reset-password prints a new one-time password', async () => {
    const locked = await r.cli('user', 'lock', 'alice');
    assert.deepEqual([locked.status, locked.stdout], [0, '']);
    await server(async (app) => {
      const res = await login(app, 'alice', alicePassword);
      assert.equal(res.statusCode, 423);
      assert.equal(res.json().code, 'auth.locked');
    });
    assert.match((await r.cli('user', 'list')).stdout, /alice .*是/);
    assert.equal((await r.cli('user', 'unlock', 'alice')).status, 0);
    await server(async (app) => assert.equal((await login(app, 'alice', alicePassword)).statusCode, 200));

    // five failed logins lock for 30 minutes; unlock lifts that too
    await server(async (app) => {
      for (let i = 0; i < 5; i++) assert.equal((await login(app, 'alice', 'Wrong-Horse-42')).statusCode, 401);
      assert.equal((await login(app, 'alice', alicePassword)).statusCode, 423);
    });
    assert.equal((await r.cli('user', 'unlock', 'alice', '--lang', 'en')).stderr, 'account alice unlocked\n');
    await server(async (app) => assert.equal((await login(app, 'alice', alicePassword)).statusCode, 200));

    const reset = await r.cli('user', 'reset-password', 'alice');
    assert.equal(reset.status, 0, reset.stderr);
    const fresh = lastLine(reset.stdout);
    assert.match(fresh, /^\S{16}$/);
    assert.notEqual(fresh, alicePassword);
    await server(async (app) => {
      assert.equal((await login(app, 'alice', alicePassword)).statusCode, 401);
      const res = await login(app, 'alice', fresh);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().mustChangePassword, true);
    });

    const missing = await r.cli('user', 'lock', 'nobody', '--lang', 'en');
    assert.deepEqual([missing.status, missing.stderr], [2, 'jiangbu: no user nobody\n']);
    const noName = await r.cli('user', 'reset-password');
    assert.equal(noName.status, 2);
  });
});
