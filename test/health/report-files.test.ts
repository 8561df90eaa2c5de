import { deflateSync } from 'node:zlib';
import { openFile, rewrapFileKey, sealFile } from '../../src/health/file-keys';
import { acceptReport, checkFileName, ReportRefused } from '../../src/health/report-files';
import { jpegReport, jsonReport, pdfReport, pngChunk, pngReport, reportText } from '../support/health-fixtures';

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ReportRefused) return { status: error.status, message: error.message };
    throw error;
  }
  return undefined;
};

describe('a received report', () => {
  it('keeps an image, without its text, EXIF or comments', () => {
    const png = acceptReport('image/png', pngReport());
    expect(png.toString('latin1')).not.toMatch(/GPS|Mariupol|tEXt|eXIf/);
    expect(png.toString('latin1')).toContain('IDAT');
    expect(acceptReport('image/png', png)).toEqual(png);
    const jpeg = acceptReport('image/jpeg', jpegReport());
    expect(jpeg.toString('latin1')).not.toMatch(/GPS|Exif|Facility/);
    expect(jpeg.toString('latin1')).toContain('JFIF');
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('keeps a PDF or JSON report as it came', () => {
    expect(acceptReport('application/pdf', pdfReport())).toEqual(pdfReport());
    expect(acceptReport('application/json', jsonReport())).toEqual(jsonReport());
  });

  it('refuses content that is not what it declares', () => {
    expect(refusal(() => acceptReport('image/png', pdfReport()))).toEqual({
      status: 422,
      message: 'the content is not a PNG image',
    });
    expect(refusal(() => acceptReport('application/pdf', jsonReport()))?.status).toBe(422);
    expect(refusal(() => acceptReport('application/json', pngReport()))?.status).toBe(422);
    expect(refusal(() => acceptReport('image/jpeg', pngReport()))?.status).toBe(422);
  });

  it('refuses polyglots: a ZIP after an image, HTML in a PDF, a PDF header in JSON', () => {
    const zip = Buffer.from('PK\u0003\u0004 zipped payload', 'latin1');
    expect(refusal(() => acceptReport('image/png', Buffer.concat([pngReport(), zip])))?.message).toMatch(/two formats/);
    expect(refusal(() => acceptReport('image/jpeg', Buffer.concat([jpegReport(), zip])))?.message).toMatch(
      /two formats/,
    );
    expect(
      refusal(() => acceptReport('application/pdf', pdfReport('<html><script>alert(1)</script></html>')))?.message,
    ).toMatch(/two formats/);
    expect(refusal(() => acceptReport('application/pdf', Buffer.concat([pdfReport(), zip])))?.message).toMatch(
      /two formats/,
    );
    expect(refusal(() => acceptReport('application/json', Buffer.from('{"a":"%PDF-1.4 obj"}')))?.message).toMatch(
      /two formats/,
    );
    expect(refusal(() => acceptReport('application/pdf', pdfReport('/JavaScript (app.alert)')))?.message).toMatch(
      /active content/,
    );
  });

  it('refuses decompression bombs: huge dimensions, or data that inflates past them', () => {
    expect(refusal(() => acceptReport('image/png', pngReport(100_000, 100_000)))?.message).toMatch(
      /decompression bomb/,
    );
    // Honest dimensions, but the data inflates to 64 MiB.
    const header = pngReport(4, 4).subarray(8, 8 + 25);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      header,
      pngChunk('IDAT', deflateSync(Buffer.alloc(64 * 1024 * 1024))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(refusal(() => acceptReport('image/png', bomb))?.message).toMatch(/decompression bomb/);
  });

  it('takes a plain file name of its type only', () => {
    expect(checkFileName('Medical report (ward 3).pdf', 'application/pdf')).toBe('Medical report (ward 3).pdf');
    for (const name of ['../../etc/passwd.pdf', 'reports/a.pdf', 'C:\\a.pdf', '.hidden.pdf', 'a\u0000.pdf'])
      expect(refusal(() => checkFileName(name, 'application/pdf'))?.status).toBe(400);
    expect(refusal(() => checkFileName('scan.png', 'application/pdf'))?.status).toBe(422);
  });
});

describe("a report's own key", () => {
  const keys = [
    { id: 'k1', key: Buffer.alloc(32, 1) },
    { id: 'k2', key: Buffer.alloc(32, 2) },
  ];

  it('encrypts name and content, is wrapped by the deployment key, and survives a rotation', () => {
    const sealed = sealFile(keys, 'k1', 'RPT-1', { name: 'ward.pdf', content: pdfReport() });
    expect(
      Buffer.concat([sealed.sealedContent, sealed.sealedName, sealed.wrappedKey]).toString('latin1'),
    ).not.toContain(reportText.slice(0, 10));
    expect(openFile(keys, 'RPT-1', sealed)).toEqual({ name: 'ward.pdf', content: pdfReport() });
    const rewrapped = { ...sealed, ...rewrapFileKey(keys, 'k2', 'RPT-1', sealed) };
    expect(rewrapped.keyId).toBe('k2');
    expect(openFile([keys[1]!], 'RPT-1', rewrapped).content).toEqual(pdfReport());
    // Bound to its report: the same row under another report's ID does not open.
    expect(() => openFile(keys, 'RPT-2', sealed)).toThrow();
  });
});
