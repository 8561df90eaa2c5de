/**
 * What a received report must be before it is stored: a file of the type it declares and nothing else (a polyglot,
 * two formats in one file, is refused), within the limits, and an image without its metadata (EXIF, XMP, text chunks:
 * a photograph's location is the child's). Each format is read by its structure, not guessed from a prefix.
 */
import { inflateSync } from 'node:zlib';

export const reportMediaTypes = ['application/pdf', 'image/png', 'image/jpeg', 'application/json'] as const;
export type ReportMediaType = (typeof reportMediaTypes)[number];

export const reportLimits = {
  /** The largest report accepted, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  /** An image's pixels: more than this is a decompression bomb, whatever its file size. */
  maxPixels: 40_000_000,
  maxSide: 20_000,
  maxJsonDepth: 32,
};

const extensions: Record<ReportMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/json': ['json'],
};

export class ReportRefused extends Error {
  constructor(
    /** 400 a file name that is a path, 415 a type not taken, 422 content that is not what it declares. */
    readonly status: 400 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** A plain file name whose extension fits the declared type: never a path, never hidden, no control characters. */
export function checkFileName(name: string, mediaType: ReportMediaType): string {
  // Control characters are refused by this check on purpose.
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name.includes('..') || name.startsWith('.'))
    throw new ReportRefused(400, 'the file name must be a plain name, without a path (no /, \\ or ..)');
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,150}$/u.test(name))
    throw new ReportRefused(400, 'the file name may hold letters, digits, spaces and ._()- only, up to 150 characters');
  const extension = name.split('.').at(-1)?.toLowerCase() ?? '';
  if (!name.includes('.') || !extensions[mediaType].includes(extension))
    throw new ReportRefused(422, `a ${mediaType} report's file name ends in .${extensions[mediaType].join(' or .')}`);
  return name;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** What a PNG keeps: the image and how to show its colours; text, EXIF and times go. */
const keptPngChunks = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'pHYs', 'bKGD']);
const pngChannels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function checkPixels(width: number, height: number): void {
  if (width < 1 || height < 1) throw new ReportRefused(422, 'the image has no pixels');
  if (width > reportLimits.maxSide || height > reportLimits.maxSide || width * height > reportLimits.maxPixels)
    throw new ReportRefused(
      422,
      `the image claims ${width}×${height} pixels, more than ${reportLimits.maxPixels / 1_000_000} million: refused as a decompression bomb`,
    );
}

function stripPng(bytes: Buffer): Buffer {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ReportRefused(422, 'the content is not a PNG image');
  const kept: Buffer[] = [PNG_SIGNATURE];
  const idat: Buffer[] = [];
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  for (;;) {
    if (offset + 12 > bytes.length) throw new ReportRefused(422, 'the PNG image is truncated');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) throw new ReportRefused(422, 'the PNG image is malformed');
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length))
      throw new ReportRefused(422, `the PNG image's ${type} chunk is corrupt`);
    if (!header && type !== 'IHDR') throw new ReportRefused(422, 'the PNG image does not start with its header');
    if (type === 'IHDR') {
      if (header || length !== 13) throw new ReportRefused(422, 'the PNG image has a malformed header');
      header = {
        width: bytes.readUInt32BE(offset + 8),
        height: bytes.readUInt32BE(offset + 12),
        depth: bytes[offset + 16]!,
        colour: bytes[offset + 17]!,
        interlace: bytes[offset + 20]!,
      };
      checkPixels(header.width, header.height);
      if (pngChannels[header.colour] === undefined)
        throw new ReportRefused(422, 'the PNG image has no known colour type');
    }
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (keptPngChunks.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  if (offset !== bytes.length)
    throw new ReportRefused(422, 'the PNG image has content after its end: a file that is two formats is refused');
  if (idat.length === 0 || !header) throw new ReportRefused(422, 'the PNG image has no image data');
  // What the pixel data inflates to is bounded by the header: more is a bomb hiding behind honest dimensions.
  const rowBytes = Math.ceil((header.width * pngChannels[header.colour]! * header.depth) / 8) + 1;
  const expected = rowBytes * header.height + (header.interlace ? header.height * 8 + 64 : 0);
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    throw new ReportRefused(
      422,
      "the PNG image's data does not inflate to its declared size: refused as a decompression bomb",
    );
  }
  return Buffer.concat(kept);
}

/** JPEG segments kept: the frame, tables and scans; APP0 (JFIF) and APP14 (Adobe colour) only of the APPn. */
function keptJpegSegment(marker: number, body: Buffer): boolean {
  if (marker === 0xfe) return false;
  if (marker === 0xe0) return body.subarray(0, 5).toString('latin1') === 'JFIF\0';
  if (marker === 0xee) return body.subarray(0, 5).toString('latin1') === 'Adobe';
  return !(marker >= 0xe1 && marker <= 0xef);
}

function stripJpeg(bytes: Buffer): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ReportRefused(422, 'the content is not a JPEG image');
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let framed = false;
  for (;;) {
    if (offset + 2 > bytes.length) throw new ReportRefused(422, 'the JPEG image is truncated');
    if (bytes[offset] !== 0xff) throw new ReportRefused(422, 'the JPEG image is malformed');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) {
      kept.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      break;
    }
    if (offset + 4 > bytes.length) throw new ReportRefused(422, 'the JPEG image is truncated');
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new ReportRefused(422, 'the JPEG image is malformed');
    const body = bytes.subarray(offset + 4, end);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      if (body.length < 5) throw new ReportRefused(422, 'the JPEG image has a malformed frame');
      checkPixels(body.readUInt16BE(3), body.readUInt16BE(1));
      framed = true;
    }
    if (keptJpegSegment(marker, body)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (marker === 0xda) {
      if (!framed) throw new ReportRefused(422, 'the JPEG image has a scan before its frame');
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      let scan = offset;
      while (
        scan + 1 < bytes.length &&
        !(bytes[scan] === 0xff && bytes[scan + 1] !== 0 && !(bytes[scan + 1]! >= 0xd0 && bytes[scan + 1]! <= 0xd7))
      )
        scan += 1;
      kept.push(bytes.subarray(offset, scan));
      offset = scan;
    }
  }
  if (!framed) throw new ReportRefused(422, 'the JPEG image has no frame');
  if (offset !== bytes.length)
    throw new ReportRefused(422, 'the JPEG image has content after its end: a file that is two formats is refused');
  return Buffer.concat(kept);
}

/** Another format inside a document: the marks of HTML, a ZIP archive, or a PDF where a PDF reader would look. */
function foreignFormat(bytes: Buffer, own: ReportMediaType): string | undefined {
  const latin = bytes.toString('latin1');
  if (/<(html|script|svg|iframe|!doctype)\b/i.test(latin)) return 'HTML or script';
  if (latin.includes('PK\u0003\u0004')) return 'a ZIP archive';
  if (own !== 'application/pdf' && latin.slice(0, 1024).includes('%PDF-')) return 'a PDF header';
  return undefined;
}

function checkPdf(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  if (!/^%PDF-[12]\.\d/.test(text)) throw new ReportRefused(422, 'the content is not a PDF document');
  if (!/%%EOF\s*$/.test(text.slice(-1024)))
    throw new ReportRefused(422, 'the PDF document has content after its end: a file that is two formats is refused');
  const foreign = foreignFormat(bytes, 'application/pdf');
  if (foreign)
    throw new ReportRefused(422, `the PDF document also holds ${foreign}: a file that is two formats is refused`);
  const active = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/.exec(text);
  if (active) throw new ReportRefused(422, `the PDF document carries active content (/${active[1]}), which is refused`);
  return bytes;
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value as object).map(depthOf));
}

function checkJson(bytes: Buffer): Buffer {
  let value: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (!/^\s*[[{]/.test(text)) throw new Error('not an object or array');
    value = JSON.parse(text);
  } catch {
    throw new ReportRefused(422, 'the content is not a JSON object or array in UTF-8');
  }
  const foreign = foreignFormat(bytes, 'application/json');
  if (foreign)
    throw new ReportRefused(422, `the JSON report also holds ${foreign}: a file that is two formats is refused`);
  if (depthOf(value) > reportLimits.maxJsonDepth)
    throw new ReportRefused(422, `the JSON report nests deeper than ${reportLimits.maxJsonDepth} levels`);
  return bytes;
}

/** The report as it is stored: checked against its declared type, an image stripped of its metadata. */
export function acceptReport(mediaType: ReportMediaType, bytes: Buffer): Buffer {
  if (bytes.length === 0) throw new ReportRefused(422, 'the report is empty');
  switch (mediaType) {
    case 'image/png':
      return stripPng(bytes);
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'application/pdf':
      return checkPdf(bytes);
    case 'application/json':
      return checkJson(bytes);
  }
}
