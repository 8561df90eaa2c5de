/**
 * A health summary and received reports distinctive enough to search for: the scans of histories, logs, search
 * attributes, memo and emails look for `healthMarkers` beside the personal-data markers.
 */
import { deflateSync } from 'node:zlib';

const stated = (kind: string, reference: string, statedAt = '2026-02-14') => ({
  source: { kind, reference },
  statedAt,
});

export function healthSummaryInput() {
  return {
    allergies: {
      items: [
        {
          substance: {
            text: 'Peanut',
            coding: [{ system: 'http://snomed.info/sct', code: '762952008', display: 'Peanut (substance)' }],
          },
          category: 'food',
          criticality: 'high',
          reaction: 'Anaphylaxis after peanut butter',
          ...stated('received-report', 'RPT-1'),
        },
        {
          substance: { text: 'Penicillin' },
          category: 'medication',
          forJourney: false,
          ...stated('facility-record', 'F7-112'),
        },
      ],
    },
    medications: {
      items: [
        {
          medication: { text: 'Salbutamol inhaler' },
          dosage: 'Two puffs when wheezing',
          forJourney: true,
          ...stated('clinician', 'clin-sam', '2026-02-20T10:30:00Z'),
        },
        { medication: { text: 'Cholecalciferol drops' }, ...stated('received-report', 'RPT-1') },
      ],
    },
    conditions: {
      items: [{ condition: { text: 'Intermittent asthma' }, ...stated('received-report', 'RPT-1') }],
    },
    immunizations: {
      items: [
        {
          vaccine: { text: 'Measles mumps rubella' },
          occurrenceDate: '2017-06-01',
          ...stated('facility-record', 'F7-112'),
        },
      ],
    },
    psychosocial: { items: [{ need: 'Nightmares since the evacuation', ...stated('child', 'child') }] },
    journeyInstructions: {
      items: [{ instruction: 'Keep the blue inhaler within reach', ...stated('clinician', 'clin-sam') }],
    },
  };
}

/** What must never be seen in clear outside the sealed registry rows. */
export const healthMarkers = [
  'Peanut',
  'Anaphylaxis',
  'Penicillin',
  'Salbutamol',
  'Cholecalciferol',
  'Intermittent asthma',
  'Measles mumps',
  'Nightmares since',
  'blue inhaler',
  'Ward 3 observation notes',
  'Weight regained',
];

/** A received report's text (the JSON and PDF fixtures carry it). */
export const reportText = 'Ward 3 observation notes: sleeps poorly, eats well';

export function jsonReport(): Buffer {
  return Buffer.from(JSON.stringify({ facility: 'F7', notes: reportText }));
}

export function pdfReport(body = reportText): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `3 0 obj << /Length ${body.length} >> stream\n${body}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
export function pngChunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A grey PNG of the given size, with a text chunk and a GPS-bearing eXIf chunk that must not be stored. */
export function pngReport(width = 4, height = 4, extra: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc((width + 1) * Math.min(height, 64), 0x80);
  for (let row = 0; row < Math.min(height, 64); row += 1) rows[row * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from('Comment\0GPS 47.0951N 37.5413E Mariupol', 'latin1')),
    pngChunk('eXIf', Buffer.from('MM\0*GPSLatitude 47.0951', 'latin1')),
    pngChunk('IDAT', deflateSync(rows)),
    ...extra,
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG with an EXIF (APP1) segment carrying a location, and a comment. */
export function jpegReport(): Buffer {
  const segment = (marker: number, body: Buffer) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length + 2);
    return Buffer.concat([Buffer.from([0xff, marker]), length, body]);
  };
  const sof = Buffer.from([8, 0, 2, 0, 2, 1, 1, 0x11, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 47.0951 Mariupol', 'latin1')),
    segment(0xfe, Buffer.from('taken at Facility 7', 'latin1')),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0x56, 0xff, 0x00, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}
