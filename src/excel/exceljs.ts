/**
 * exceljs, with its XML reader fixed for multi-byte text. exceljs 4.4 decodes every chunk of a
 * zipped XML stream on its own (lib/utils/parse-sax.js), so a Chinese character that straddles two
 * chunks comes out as "�" — in large sheets, a few cells in every thousand. The replacement below
 * decodes with one streaming TextDecoder per stream. Import ExcelJS from here, never directly, so
 * that the fix is in place before exceljs loads its readers.
 */
import { createRequire } from 'node:module';
import type ExcelJSType from 'exceljs';

const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as typeof import('saxes');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

export async function* parseSax(iterable: AsyncIterable<Uint8Array | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  parser.on('error', (err) => {
    error = err;
  });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close(); // a document cut off inside an element is an error, not a shorter document
  if (error) throw error;
  if (events.length) yield events;
}

const excelDir = require.resolve('exceljs/package.json').replace(/package\.json$/, '');
const saxPath = require.resolve(`${excelDir}lib/utils/parse-sax.js`);
require(saxPath);
(require.cache[saxPath] as NodeJS.Module).exports = parseSax;

const ExcelJS = require('exceljs') as typeof ExcelJSType;
export default ExcelJS;
export type { ExcelJSType };
