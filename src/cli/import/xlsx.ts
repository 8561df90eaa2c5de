/**
 * The rows of one worksheet of an XLSX, streamed: the archive is read with yauzl (after the zip-bomb check), its XML
 * with saxes, decoded as UTF-8 across chunk boundaries. ExcelJS's streaming reader decodes each chunk on its own and
 * so breaks a Cyrillic letter that falls across two chunks ("Лит��ин"), which no name may suffer. Cells come as
 * text: shared and inline strings, numbers (a date is its serial number, which the mapping reads), booleans.
 */
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { UnreadableFile, type SourceRow } from './source';

const openZip = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

interface Workbook {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
}

async function openWorkbook(file: string): Promise<Workbook> {
  const zip = await openZip(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  return { zip, entries };
}

/** The entry's XML as text chunks, decoded as UTF-8 across chunk boundaries. */
async function* xmlOf(workbook: Workbook, name: string, progress?: XlsxProgress): AsyncGenerator<string> {
  const entry = workbook.entries.get(name);
  if (!entry) throw new UnreadableFile(`the XLSX has no ${name}: is it a workbook?`);
  const stream = await promisify(workbook.zip.openReadStream.bind(workbook.zip))(entry);
  stream.setEncoding('utf8');
  if (progress) progress.total = Math.max(1, entry.uncompressedSize);
  for await (const chunk of stream) {
    if (progress) progress.read += (chunk as string).length;
    yield chunk as string;
  }
}

/** How much of the worksheet's XML has been read (characters, against its unpacked size in bytes). */
export interface XlsxProgress {
  read: number;
  total: number;
}

/** Parses the entry, handing each event to `on`, and yields after each chunk what `drain` gathered. */
async function* parsed<T>(
  chunks: AsyncIterable<string>,
  on: (parser: SaxesParser) => void,
  drain: () => T[],
): AsyncGenerator<T> {
  const parser = new SaxesParser();
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  on(parser);
  for await (const chunk of chunks) {
    parser.write(chunk);
    if (failure) throw new UnreadableFile(`the XLSX's XML is malformed: ${failure.message}`);
    yield* drain();
  }
  parser.close();
  yield* drain();
}

async function wholeXml(workbook: Workbook, name: string): Promise<string> {
  let text = '';
  for await (const chunk of xmlOf(workbook, name)) text += chunk;
  return text;
}

/** The worksheet file of the sheet named (or of the first), from workbook.xml and its relationships. */
async function sheetPath(workbook: Workbook, wanted: string | undefined): Promise<string> {
  const sheets = [...(await wholeXml(workbook, 'xl/workbook.xml')).matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)].map(
    ([, attributes]) => ({
      name: /\bname="([^"]*)"/.exec(attributes!)?.[1]?.replace(/&amp;/g, '&') ?? '',
      id: /\br:id="([^"]*)"/.exec(attributes!)?.[1] ?? /\bid="([^"]*)"/.exec(attributes!)?.[1] ?? '',
    }),
  );
  const sheet = wanted === undefined ? sheets[0] : sheets.find((candidate) => candidate.name === wanted);
  if (!sheet)
    throw new UnreadableFile(
      wanted ? `the workbook has no worksheet named "${wanted}"` : 'the workbook has no worksheet',
    );
  const relations = workbook.entries.has('xl/_rels/workbook.xml.rels')
    ? await wholeXml(workbook, 'xl/_rels/workbook.xml.rels')
    : '';
  const relation = [...relations.matchAll(/<Relationship\b([^>]*)\/?>/g)]
    .map(([, attributes]) => attributes!)
    .find((attributes) => new RegExp(`\\bId="${sheet.id}"`).test(attributes));
  const target = relation ? /\bTarget="([^"]*)"/.exec(relation)?.[1] : undefined;
  if (!target) return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

async function sharedStrings(workbook: Workbook): Promise<string[]> {
  if (!workbook.entries.has('xl/sharedStrings.xml')) return [];
  const strings: string[] = [];
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  const none = () => [] as never[];
  const events = parsed(
    xmlOf(workbook, 'xl/sharedStrings.xml'),
    (parser) => {
      parser.on('opentag', (tag) => {
        if (tag.name === 'si') current = '';
        else if (tag.name === 'rPh') phonetic += 1;
        else if (tag.name === 't' && phonetic === 0) inText = true;
      });
      parser.on('text', (text) => {
        if (inText && current !== undefined) current += text;
      });
      parser.on('closetag', (tag) => {
        if (tag.name === 't') inText = false;
        else if (tag.name === 'rPh') phonetic -= 1;
        else if (tag.name === 'si') {
          strings.push(current ?? '');
          current = undefined;
        }
      });
    },
    none,
  );
  for await (const _ of events) void _;
  return strings;
}

/** "BC12" → 54 (zero-based column index). */
function columnIndex(reference: string | undefined, fallback: number): number {
  const letters = /^([A-Z]+)/.exec(reference ?? '')?.[1];
  if (!letters) return fallback;
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

export async function* xlsxRows(
  file: string,
  sheet?: string,
  progress: XlsxProgress = { read: 0, total: 1 },
): AsyncGenerator<SourceRow> {
  let workbook: Workbook;
  try {
    workbook = await openWorkbook(file);
  } catch (error) {
    throw new UnreadableFile(`the XLSX is not a readable zip archive: ${(error as Error).message}`);
  }
  try {
    const strings = await sharedStrings(workbook);
    const ready: SourceRow[] = [];
    let row: { number: number; cells: string[] } | undefined;
    let cell: { index: number; type: string; value: string } | undefined;
    let inValue = false;
    let rowCount = 0;
    const events = parsed(
      xmlOf(workbook, await sheetPath(workbook, sheet), progress),
      (parser) => {
        parser.on('opentag', (tag) => {
          const attributes = tag.attributes as Record<string, string>;
          if (tag.name === 'row') {
            rowCount += 1;
            row = { number: Number(attributes.r ?? rowCount), cells: [] };
          } else if (tag.name === 'c' && row) {
            cell = { index: columnIndex(attributes.r, row.cells.length), type: attributes.t ?? 'n', value: '' };
          } else if ((tag.name === 'v' || tag.name === 't') && cell) inValue = true;
        });
        parser.on('text', (text) => {
          if (inValue && cell) cell.value += text;
        });
        parser.on('closetag', (tag) => {
          if (tag.name === 'v' || tag.name === 't') inValue = false;
          else if (tag.name === 'c' && cell && row) {
            const text =
              cell.type === 's'
                ? (strings[Number(cell.value)] ?? '')
                : cell.type === 'b'
                  ? cell.value === '1'
                    ? 'TRUE'
                    : 'FALSE'
                  : cell.type === 'e'
                    ? ''
                    : cell.value;
            while (row.cells.length < cell.index) row.cells.push('');
            row.cells[cell.index] = text;
            cell = undefined;
          } else if (tag.name === 'row' && row) {
            ready.push({ row: row.number, cells: row.cells });
            row = undefined;
          }
        });
      },
      () => ready.splice(0),
    );
    yield* events;
  } finally {
    workbook.zip.close();
  }
}
