import { isValidCaseNumber } from '../../src/domain/case-number';
import { allocateCase, findCase } from '../../src/registry/cases';
import { migrate } from '../../src/registry/db';
import { migrations } from '../../src/registry/migrations';
import { registryBackends } from './backends';

const newCase = (reference: string) => ({
  organisationId: 'neutral-desk',
  organisationReference: reference,
  registeredBy: 'coord-ana',
  originCountry: 'RU',
  registeredAt: new Date('2026-11-23T10:00:00Z'),
});

describe.each(registryBackends())('case numbers on $name', (backend) => {
  it('allocates unique, valid numbers, concurrently too, and the same case again for a repeated reference', async () => {
    const db = await backend.open();
    const allocated = await Promise.all(
      Array.from({ length: 30 }, (_, index) => allocateCase(db, newCase(`FILE-${index % 20}`))),
    );
    const numbers = new Set(allocated.map(({ record }) => record.caseNumber));
    expect(numbers.size).toBe(20);
    expect([...numbers].every(isValidCaseNumber)).toBe(true);
    expect(allocated.filter(({ created }) => created)).toHaveLength(20);
    const again = await allocateCase(db, newCase('FILE-3'));
    expect(again.created).toBe(false);
    expect(await findCase(db, again.record.caseNumber)).toEqual(again.record);
  });

  it('never reuses a number, even one taken by a transaction that rolled back', async () => {
    const db = await backend.open();
    const first = await allocateCase(db, newCase('FILE-A'));
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`SELECT nextval('case_serial')`);
        throw new Error('the registration failed half-way');
      }),
    ).rejects.toThrow('half-way');
    const second = await allocateCase(db, newCase('FILE-B'));
    const serial = (caseNumber: string) => Number(caseNumber.split('-')[2]);
    expect(serial(second.record.caseNumber)).toBe(serial(first.record.caseNumber) + 2);
  });

  it('applies each migration once: running them again changes nothing', async () => {
    const db = await backend.open();
    await Promise.all([migrate(db), migrate(db)]);
    const { rows } = await db.query<{ count: string | number }>('SELECT COUNT(*) AS count FROM schema_migrations');
    expect(Number(rows[0]!.count)).toBe(migrations.length);
  });
});
