import { findLikelyDuplicates, linkageKeysFrom, recordDuplicateKeys } from '../../src/registry/duplicates';
import type { Db } from '../../src/registry/db';
import { nameSketchBackfill } from '../../src/registry/migrations';
import { nameTokens } from '../../src/registry/transliteration';
import { childOf as child, duplicatePairs, measure, registeredAt } from './duplicate-pairs';
import type { Registration } from '../../src/domain/registration';
import { asRegistration, generateList } from '../support/registry-list';
import { registryBackends } from './backends';

const keys = linkageKeysFrom({ keys: [{ id: 'test-1', key: Buffer.alloc(32, 7) }] });

describe('name folding', () => {
  it.each([
    ['Zlata Kovalenko', 'Злата Коваленко'],
    ['Oleh Shevchenko', 'Олег Шевченко'],
    ['Oleg Schewtschenko', 'Oleh Shevchenko'],
    ['Mariia Tkachuk', 'Maria Tkatchouk'],
    ['Yuliia Kharchenko', 'Юлия Харченко'],
    ['Mykola Bondarenko', 'Николай Бондаренко'],
    ['Ihor Zadorozhnyi', 'Igor Zadorozhniy'],
    ['Hanna Savchenko', 'Анна Савченко'],
  ])('folds %s and %s to the same key', (a, b) => {
    expect(nameTokens(a)).toEqual(nameTokens(b));
  });

  it('keeps different names apart', () => {
    expect(nameTokens('Mykhailo Sydorenko')).not.toEqual(nameTokens('Mykyta Sydorenko'));
  });

  it('has at least 50 labelled pairs, both kinds well represented', () => {
    expect(duplicatePairs.length).toBeGreaterThanOrEqual(50);
    expect(duplicatePairs.filter((pair) => pair.same).length).toBeGreaterThanOrEqual(20);
    expect(duplicatePairs.filter((pair) => !pair.same).length).toBeGreaterThanOrEqual(20);
  });
});

async function registerFirstOfEachPair(db: Db, pairs: typeof duplicatePairs): Promise<void> {
  for (const [index, pair] of pairs.entries())
    await recordDuplicateKeys(db, `HW-2026-${String(index + 1).padStart(6, '0')}-X`, child(pair.a), keys, registeredAt);
}

describe.each(registryBackends())('duplicate detection on $name', (backend) => {
  it('finds the same child written differently and keeps look-alikes apart (precision ≥ 0.9, recall ≥ 0.95)', async () => {
    const { precision, recall, mistakes } = await measure(backend.open);
    // On failure, the list of mistakes is the useful message.
    expect(precision >= 0.9 && recall >= 0.95 ? 'good enough' : { precision, recall, mistakes }).toBe('good enough');
  });

  it('stores no name in the registry: only keyed filters, birth date and origin country', async () => {
    const db = await backend.open();
    await recordDuplicateKeys(db, 'HW-2026-000001-X', child(duplicatePairs[0]!.a), keys, registeredAt);
    await recordDuplicateKeys(db, 'HW-2026-000001-X', child(duplicatePairs[1]!.a), keys, registeredAt);
    const { rows } = await db.query('SELECT * FROM duplicate_keys');
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const fragment of ['zlata', 'kovalenko', 'злата', 'коваленко', 'zlat', 'koval', 'oleh']) {
      expect(stored).not.toContain(fragment);
    }
  });

  it('prefilters in the database without losing a candidate the full comparison finds', async () => {
    const db = await backend.open();
    await registerFirstOfEachPair(db, duplicatePairs);
    const findAll = () =>
      Promise.all(duplicatePairs.map((pair) => findLikelyDuplicates(db, child(pair.b), keys, registeredAt)));
    const prefiltered = await findAll();
    // Without the prefilter's columns every case of the country and birth years is compared in full.
    await db.query('UPDATE duplicate_keys SET name_union = NULL');
    const compared = await findAll();
    expect(prefiltered).toEqual(compared);
    expect(compared.flat().length).toBeGreaterThan(duplicatePairs.filter((pair) => pair.same).length);
  });

  it('prefilters a generated registry list (look-alikes, estimated ages, close birth dates) as the full comparison', async () => {
    const db = await backend.open();
    const list = generateList({ rows: 300, seed: 20, registryDuplicateShare: 0, distinct: false, errorShare: 0 });
    const children = list.rows.map((row) => asRegistration(row, 'o').child as Registration['child']);
    for (const [index, listed] of children.entries())
      await recordDuplicateKeys(db, `HW-2026-${String(index + 1).padStart(6, '0')}-X`, listed, keys, registeredAt);
    const findAll = () => Promise.all(children.map((listed) => findLikelyDuplicates(db, listed, keys, registeredAt)));
    const prefiltered = await findAll();
    await db.query('UPDATE duplicate_keys SET name_union = NULL');
    const compared = await findAll();
    expect(prefiltered).toEqual(compared);
    // Each child finds itself, and some find another.
    expect(compared.flat().length).toBeGreaterThan(children.length);
  }, 60_000);

  it('fills the prefilter for cases registered before it existed with what registration stores', async () => {
    const db = await backend.open();
    await registerFirstOfEachPair(db, duplicatePairs.slice(0, 10));
    const read = () =>
      db.query('SELECT case_number, name_union::text AS name_union, name_min_bits FROM duplicate_keys ORDER BY 1');
    const stored = (await read()).rows;
    await db.query('UPDATE duplicate_keys SET name_union = NULL, name_min_bits = NULL');
    await db.exec(nameSketchBackfill);
    expect((await read()).rows).toEqual(stored);
    expect(stored.every((row) => /^[01]{512}$/.test(String(row.name_union)) && Number(row.name_min_bits) > 0)).toBe(
      true,
    );
  });

  it('still compares cases encoded under an older key after the encryption key is rotated', async () => {
    const db = await backend.open();
    const before = linkageKeysFrom({ keys: [{ id: 'old', key: Buffer.alloc(32, 1) }] });
    const after = linkageKeysFrom({
      keys: [
        { id: 'old', key: Buffer.alloc(32, 1) },
        { id: 'new', key: Buffer.alloc(32, 2) },
      ],
      currentKeyId: 'new',
    });
    await recordDuplicateKeys(db, 'HW-2026-000001-X', child(duplicatePairs[0]!.a), before, registeredAt);
    const found = await findLikelyDuplicates(db, child(duplicatePairs[0]!.b), after, registeredAt);
    expect(found).toEqual([{ caseNumber: 'HW-2026-000001-X', nameSimilarity: 1, birthDate: 'same' }]);
  });
});
