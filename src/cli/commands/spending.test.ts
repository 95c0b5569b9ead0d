/** `jiangbu spending show` on an embedded registry: the table, JSON, a grant not paid, an unknown code, usage errors. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openMigrated } from '../../db/client.ts';
import { recordSpending, reverseSpending } from '../../service/money/spending.ts';
import { seedPaidGrant } from '../../service/money/testing.ts';
import { contextOf } from '../../service/read/testing.ts';
import { type RegistryCli, registryCli } from '../testing.ts';

describe('jiangbu spending', () => {
  let r: RegistryCli;
  before(async () => {
    r = registryCli();
    const d = await openMigrated({ url: '', dataDir: r.dataDir });
    await seedPaidGrant(d.db);
    const w1 = await contextOf(d.db, 'committee', { committee: 'W1' }, new Date('2025-06-20T02:00:00Z'));
    await recordSpending(w1, { committee: 'W1', spentOn: '2025-06-12', item: '办公用品', amount: '1350.00' });
    const wrong = await recordSpending(w1, { committee: 'W1', spentOn: '2025-06-13', item: '会议茶水', amount: '500.00' });
    await reverseSpending(w1, 'W1', wrong.id, '重复登记');
    await d.close();
  });
  after(() => r.dispose());

  test('the ledger as a table, and as JSON', async () => {
    const text = await r.cli('spending', 'show', 'W1');
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], '幸福小区业主委员会（W1，C1）补助收支台账：收到 3,000.00 元，支出 1,350.00 元，余额 1,650.00 元');
    assert.match(lines[1] as string, /^日期 +摘要 +收入 +支出 +余额 +票据$/);
    assert.match(lines[2] as string, /^2025-06-10 +一次性补助到账 +3,000\.00 +3,000\.00$/);
    assert.match(lines[3] as string, /^2025-06-12 +办公用品 +1,350\.00 +1,650\.00 +无$/);
    assert.match(lines[4] as string, /^2025-06-13 +会议茶水（已冲正） +500\.00 +1,150\.00 +无$/);
    assert.match(lines[5] as string, /冲正：会议茶水（重复登记） +500\.00 +1,650\.00$/);
    const json = await r.cli('spending', 'show', 'W1', '--json');
    assert.equal(json.status, 0, json.stderr);
    const l = JSON.parse(json.stdout);
    assert.deepEqual([l.received, l.spent, l.balance, l.lines.length, l.page.total], ['3000.00', '1350.00', '1650.00', 4, 4]);
    const en = await r.cli('spending', 'show', 'W1', '--lang', 'en');
    assert.match(
      en.stdout,
      /^.+ \(W1, .+\) spending ledger: received 3000\.00, spent 1350\.00, balance 1650\.00\ndate +item +in +out +balance +receipt\n/,
    );
  });

  test('a grant not paid yet says so; an unknown committee is an error naming it', async () => {
    const w2 = await r.cli('spending', 'show', 'W2');
    assert.equal(w2.status, 0, w2.stderr);
    assert.match(w2.stdout, /余额 0\.00 元\n补助尚未拨付到账。\n$/);
    const none = await r.cli('spending', 'show', 'W9');
    assert.deepEqual([none.status, none.stdout, none.stderr], [2, '', 'jiangbu: 没有业委会 W9\n']);
  });

  test('usage errors: status 2, nothing on stdout', async () => {
    for (const args of [
      ['spending'],
      ['spending', 'show'],
      ['spending', 'list', 'W1'],
      ['spending', 'show', 'W1', 'W2'],
      ['spending', 'show', 'W1', '--year', '2025'],
    ]) {
      const res = await r.cli(...args);
      assert.equal(res.status, 2, `${args.join(' ')}: ${res.stdout}`);
      assert.equal(res.stdout, '');
      assert.match(res.stderr, /^jiangbu: /);
    }
  });
});
