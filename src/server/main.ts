/**
 * `npm start`: the registry (embedded in ./data, or DATABASE_URL) and the server on PORT (default
 * 3000), HOST (default 127.0.0.1). An empty embedded registry gets the demo city on its first start.
 * Limits (body size, entities, worker threads…) from JIANGBU_* variables, see settings.ts.
 */
import { openMigrated } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { demoAccountsText, listDemoAccounts } from '../registry/demo-accounts.ts';
import { SYSTEM } from '../service/actor.ts';
import { demoToday } from '../service/demo-today.ts';
import { registryInfo, registryIsEmpty } from '../service/registry-info.ts';
import { seedRegistry } from '../service/seed.ts';
import { buildApp } from './app.ts';
import { publicUrlFromEnv, settingsFromEnv, trustProxyFromEnv } from './settings.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

/** A refusal at start (the embedded registry in use by another process, the port taken): one line, no stack. */
function refuse(e: unknown): never {
  if (e instanceof UserError) process.stderr.write(`jiangbu: ${e.messageIn('zh')}\n          ${e.messageIn('en')}\n`);
  else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
    process.stderr.write(
      `jiangbu: 端口 ${port} 已被占用：请先停止占用它的程序，或用 PORT=3001 npm start / port ${port} is in use: stop what holds it, or set PORT\n`,
    );
  else throw e;
  process.exit(2);
}

const settings = settingsFromEnv();
const trustProxy = trustProxyFromEnv();
const publicUrl = publicUrlFromEnv();
const database = await openMigrated().catch(refuse);
const app = await buildApp({ logger: true, database, settings, trustProxy, ...(publicUrl ? { publicUrl } : {}) });
app.log.info(`jiangbu: registry ${database.kind} at ${database.where}`);
let firstStart = false;
let paidCommittee: string | null = null;
if (database.kind === 'pglite' && (await registryIsEmpty(database.db))) {
  // the demo city comes with its demo accounts (src/registry/demo-accounts.ts); no other registry has any
  const counts = await seedRegistry({ db: database.db, actor: SYSTEM }, { kind: 'demo' });
  app.log.info(`首次启动：登记库为空，已载入演示数据 / first start: the registry was empty, demo data loaded ${JSON.stringify(counts)}`);
  // …and, on the real day, one 公示 open and a committee grant paid and accounted for (src/service/demo-today.ts)
  const today = await demoToday(database.db, new Date());
  paidCommittee = today.paid ? `${today.paid.account}（${today.paid.committee}）` : null;
  app.log.info(`演示：今日的公示与已拨付的业委会补助 / demo today: ${JSON.stringify(today)}`);
  firstStart = true;
}
const info = await registryInfo(database.db);
await app.listen({ port, host }).catch(async (e) => {
  await database.close();
  refuse(e);
});
const base = `http://${host}:${port}`;
process.stdout.write(
  `\njiangbu 奖补 已启动 / started: ${base}\n  POST ${base}/api/calc · API 文档 / docs ${base}/api/docs\n  登记库 / registry: ${database.kind} (${database.where})\n${
    info.demo
      ? '\n  ！这是演示城市：全部数据均为虚构，仅供试用。/ This is the DEMO city: every record is fictional.\n'
      : info.seededWith
        ? `\n  ！登记库由 seed 生成（${info.seededWith}），不是真实数据。/ The registry was made by seed (${info.seededWith}): not real data.\n`
        : ''
  }\n`,
);
if (firstStart && info.demo) process.stdout.write(`${demoAccountsText(await listDemoAccounts(database.db))}\n`);
if (firstStart && paidCommittee)
  process.stdout.write(
    `  另有 ${paidCommittee}：补助今日已拨付，可记收支（密码同上）/ also ${paidCommittee}: its grant paid today, to keep its spending ledger (same password)\n\n`,
  );
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
