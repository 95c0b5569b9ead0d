import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writeJson } from './json-stream.ts';

test('writes exactly what JSON.stringify(v, null, 2) writes', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      let s = '';
      writeJson(v, (x) => {
        s += x;
      });
      assert.equal(s, `${JSON.stringify(v, null, 2)}\n`);
    }),
  );
  let s = '';
  writeJson({ a: undefined, b: [undefined, 1], c: 'x', d: {}, e: [] }, (x) => {
    s += x;
  });
  assert.equal(s, `${JSON.stringify({ a: undefined, b: [undefined, 1], c: 'x', d: {}, e: [] }, null, 2)}\n`);
});
