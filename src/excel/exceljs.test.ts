/** exceljs reads Chinese text that straddles two chunks of a zipped XML stream. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { parseSax } from './exceljs.ts';

async function* chunks(...parts: Uint8Array[]) {
  for (const p of parts) yield p;
}

test('a character split across chunks is decoded whole', async () => {
  const bytes = new TextEncoder().encode('<t>零散楼栋</t>');
  const cut = 5; // inside the three bytes of 零
  const texts: string[] = [];
  for await (const events of parseSax(chunks(bytes.slice(0, cut), bytes.slice(cut))))
    for (const e of events) if (e.eventType === 'text') texts.push(e.value as string);
  assert.equal(texts.join(''), '零散楼栋');
});

test('exceljs itself uses the fixed reader', () => {
  const require = createRequire(import.meta.url);
  const dir = require.resolve('exceljs/package.json').replace(/package\.json$/, '');
  assert.equal(require(`${dir}lib/utils/parse-sax.js`), parseSax);
});
