import { openFile, sealFile } from '../../src/health/file-keys';
import { openPglite, type Db } from '../../src/registry/db';
import {
  rewrapReportKeys,
  reviewSummary,
  sealedReport,
  storedSummary,
  storeReport,
  writeSummary,
} from '../../src/registry/health';
import { pdfReport } from '../support/health-fixtures';

const oldKey = { id: 'old', key: Buffer.alloc(32, 3) };
const newKey = { id: 'new', key: Buffer.alloc(32, 4) };
const caseNumber = 'HW-2026-000123-K';

describe('health information in the registry', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("rewraps every report's key after a rotation, so the old key can go", async () => {
    const report = (reportId: string, key: typeof oldKey) =>
      storeReport(db, {
        reportId,
        caseNumber,
        mediaType: 'application/pdf',
        byteSize: pdfReport().length,
        suppliedBy: 'facility 7',
        suppliedAt: '2026-02-14T09:00:00Z',
        channel: 'humanitarian channel',
        uploadedBy: 'coord-ana',
        sealed: sealFile([key], key.id, reportId, { name: 'ward.pdf', content: pdfReport() }),
      });
    await report('R-0000000000000001', oldKey);
    await report('R-0000000000000002', newKey);
    expect(await rewrapReportKeys(db, [oldKey, newKey], 'new')).toBe(1);
    expect(await rewrapReportKeys(db, [oldKey, newKey], 'new')).toBe(0);
    for (const reportId of ['R-0000000000000001', 'R-0000000000000002']) {
      const found = (await sealedReport(db, caseNumber, reportId))!;
      expect(found.sealed.keyId).toBe('new');
      expect(openFile([newKey], reportId, found.sealed)).toEqual({ name: 'ward.pdf', content: pdfReport() });
    }
  });

  it('takes a review of the current revision only, and a new write needs a new one', async () => {
    const write = () =>
      writeSummary(db, caseNumber, { sealed: '{}', complete: false, missing: ['immunizations'], by: 'clin-sam' });
    expect(await write()).toBe(1);
    expect(await reviewSummary(db, caseNumber, 2, 'clin-sam')).toBe(false);
    expect(await reviewSummary(db, caseNumber, 1, 'clin-sam')).toBe(true);
    expect((await storedSummary(db, caseNumber))?.review?.by).toBe('clin-sam');
    expect(await write()).toBe(2);
    expect(await storedSummary(db, caseNumber)).toMatchObject({ revision: 2, missing: ['immunizations'] });
    expect((await storedSummary(db, caseNumber))?.review).toBeUndefined();
  });
});
