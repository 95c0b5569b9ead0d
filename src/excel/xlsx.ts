/**
 * An .xlsx read part by part with exceljs's own parsers, fed from our zip reader (zip.ts) instead of
 * exceljs's streaming unzip: the package's relationships, the workbook (its sheets in tab order),
 * shared strings and styles first, then any worksheet on demand, row by row. Parts are found through
 * the relationships, as the format says, so sheet files may be named anything and stored in any order.
 * These are exceljs internals: exceljs is pinned (4.4.0), and the tests read real workbooks through them.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Row } from 'exceljs';
import './exceljs.ts'; // exceljs with the multi-byte fix, loaded before the modules below are required
import type { ZipReader } from './zip.ts';

const require = createRequire(import.meta.url);
const lib = `${require.resolve('exceljs/package.json').replace(/package\.json$/, '')}lib/`;

interface Xform<T> {
  parseStream(stream: AsyncIterable<unknown>): Promise<T | null | undefined>;
}
type XformClass<T> = new () => Xform<T>;
interface Relationship {
  Id: string;
  Type: string;
  Target: string;
  TargetMode?: string;
}
interface WorkbookModel {
  sheets?: { name: string; id: number; rId: string }[];
  properties?: { date1904?: boolean };
}
interface Styles extends Xform<unknown> {
  init(): void;
}

const RelationshipsXform = require(`${lib}xlsx/xform/core/relationships-xform.js`) as XformClass<Relationship[]>;
const WorkbookXform = require(`${lib}xlsx/xform/book/workbook-xform.js`) as XformClass<WorkbookModel>;
const SharedStringsXform = require(`${lib}xlsx/xform/strings/shared-strings-xform.js`) as XformClass<{ values: unknown[] }>;
const StylesXform = require(`${lib}xlsx/xform/style/styles-xform.js`) as new () => Styles;
const WorksheetReader = require(`${lib}stream/xlsx/worksheet-reader.js`) as new (args: {
  workbook: unknown;
  id: number;
  iterator: Readable;
  options: Record<string, string>;
}) => AsyncIterable<Row>;

export interface BookSheet {
  name: string;
  /** the worksheet's part; undefined for chart sheets and sheets whose part is missing */
  part: string | undefined;
}

export interface Book {
  /** every sheet, in tab order */
  sheets: BookSheet[];
  /** the rows of a worksheet as they stream; ending the iteration early closes the part */
  rows(sheet: BookSheet): AsyncIterator<Row>;
}

const ends = (r: Relationship, type: string) => r.Type.endsWith(`/${type}`) && r.TargetMode !== 'External';

/** A relationship's target as a part name: relative to the source part's folder, or absolute. */
const resolve = (folder: string, target: string): string =>
  target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder, target)).replace(/^\.\//, '');

/** The workbook in `zip`, or null when the zip holds no workbook (not an .xlsx). */
export async function openBook(zip: ZipReader): Promise<Book | null> {
  const entryOf = (part: string) => zip.entries.get(part.toLowerCase());
  async function parse<T>(Form: XformClass<T>, part: string): Promise<T | null | undefined> {
    const entry = entryOf(part);
    return entry ? new Form().parseStream(await zip.open(entry)) : undefined;
  }
  const rels = async (part: string) =>
    (await parse(RelationshipsXform, posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`))) ?? [];

  const office = (await rels('')).find((r) => ends(r, 'officeDocument'));
  const workbookPart = office ? resolve('', office.Target) : 'xl/workbook.xml';
  if (!entryOf(workbookPart)) return null;
  const folder = posix.dirname(workbookPart);
  const links = await rels(workbookPart);
  const model = await parse(WorkbookXform, workbookPart);
  if (!model) return null;
  const target = (r: Relationship | undefined) => (r ? resolve(folder, r.Target) : undefined);

  const strings = target(links.find((r) => ends(r, 'sharedStrings')));
  const sharedStrings = (strings && (await parse(SharedStringsXform, strings))?.values) || [];
  const stylesEntry = entryOf(target(links.find((r) => ends(r, 'styles'))) ?? '');
  const styles = new StylesXform();
  if (stylesEntry) await styles.parseStream(await zip.open(stylesEntry));
  else styles.init(); // exceljs's defaults: dates are still told apart by their number formats
  const workbook = { sharedStrings, styles, properties: { model: { date1904: model.properties?.date1904 ?? false } } };

  const sheets = (model.sheets ?? []).map((s) => {
    const rel = links.find((r) => r.Id === s.rId && ends(r, 'worksheet'));
    const part = target(rel);
    return { name: s.name, part: part && entryOf(part) ? part : undefined, id: s.id };
  });
  return {
    sheets: sheets.map(({ name, part }) => ({ name, part })),
    rows(sheet) {
      const id = sheets.find((s) => s.part === sheet.part)?.id ?? 0;
      async function* rows(): AsyncGenerator<Row> {
        const entry = sheet.part && entryOf(sheet.part);
        if (!entry) return;
        const iterator = await zip.open(entry);
        yield* new WorksheetReader({ workbook, id, iterator, options: { worksheets: 'emit', hyperlinks: 'ignore' } });
      }
      return rows();
    },
  };
}
