/**
 * Likely-duplicate registrations. The registry keeps, per case, only what the check needs: the origin country,
 * the birth date (or the birth-year range an estimated age allows) and, for each name the child is known by, one
 * keyed Bloom filter per folded name token (name-filters.ts). Names themselves are not stored: a filter is compared by
 * similarity, and without the linkage key (derived from the payload-encryption key) it cannot be tested against a list
 * of names.
 */
import { createHmac } from 'node:crypto';
import type { EncryptionKey } from '../config';
import type { Registration } from '../domain/registration';
import type { Db } from './db';
import {
  agreeingBirthDates,
  birthDateAgreement,
  birthFacts,
  type BirthDateAgreement,
  type BirthFacts,
} from './birth-dates';
import { decodeName, encodeNames, nameSketch, similarityOf, type TokenBits } from './name-filters';

export interface LinkageKeys {
  /** The key new cases are encoded with. */
  current: { id: string; key: Buffer };
  /** Every key still configured: cases encoded with an older one are still compared. */
  byId: Map<string, Buffer>;
}

/** Linkage keys derived from the payload-encryption keys, so no separate secret needs managing or rotating. */
export function linkageKeysFrom(encryption: { keys: EncryptionKey[]; currentKeyId?: string }): LinkageKeys {
  const derive = (key: Buffer) => createHmac('sha256', key).update('homeward duplicate-detection linkage v1').digest();
  const byId = new Map(encryption.keys.map(({ id, key }) => [id, derive(key)]));
  const currentId = encryption.currentKeyId ?? encryption.keys[0]?.id;
  const current = currentId === undefined ? undefined : byId.get(currentId);
  if (!currentId || !current) throw new Error('duplicate detection needs an encryption key (ENCRYPTION_KEYS)');
  return { current: { id: currentId, key: current }, byId };
}

/** How similar the names must be, by how well the birth dates agree. */
const NAME_THRESHOLD: Record<BirthDateAgreement, number> = { same: 0.82, close: 0.84, estimated: 0.88 };

/**
 * The database's prefilter, which never drops a case the comparison below would keep. A name similarity of at least
 * t needs one token pair A, B with 2|A∩B| / (|A| + |B|) ≥ t (an average of pair scores is at most their best). B lies
 * within the union U of the other case's token filters and has at least m bits, m that union's smallest filter's
 * count, so 2|A∩U| / (|A| + m) ≥ t for one of this child's tokens A; a case for which no token passes cannot be a
 * candidate.
 */
const prefilterThreshold = Math.min(...Object.values(NAME_THRESHOLD));

export interface DuplicateCandidate {
  caseNumber: string;
  /** 0 to 1: how alike the best pair of names is once transliterated and folded. */
  nameSimilarity: number;
  birthDate: BirthDateAgreement;
}

interface KeyRow {
  case_number: string;
  birth_date: string | Date | null;
  birth_year_from: number;
  birth_year_to: number;
  key_id: string;
  name_filters: string;
}

const isoDay = (value: string | Date | null) =>
  value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/** Cases already registered that are likely the same child, most similar first. */
export async function findLikelyDuplicates(
  db: Db,
  child: Registration['child'],
  keys: LinkageKeys,
  registeredAt = new Date(),
): Promise<DuplicateCandidate[]> {
  const facts = birthFacts(child, registeredAt);
  const names = child.names.map((name) => name.value);
  const filters = encodeNames(names, keys.current.key);
  const encoded = new Map<string, TokenBits[][]>([[keys.current.id, filters.map(decodeName)]]);
  const tokens = [...new Set(filters.flat())];
  const bits = decodeName(tokens).map((token) => token.count);
  const base = 7;
  const anyTokenClose = tokens
    .map(
      (_, index) =>
        `bit_count(name_union & ('x' || $${base + 2 * index}::text)::bit(512)) * 2 >= $4::float8 * ($${base + 2 * index + 1}::integer + name_min_bits)`,
    )
    .join(' OR ');
  // Cases with an exact birth date are compared only if born on a date that agrees with an exact one; cases encoded
  // under another key (before a rotation) are compared by name in full: their filters differ from ours.
  const { rows } = await db.query<KeyRow>(
    `SELECT case_number, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, birth_year_from, birth_year_to, key_id, name_filters
       FROM duplicate_keys
      WHERE origin_country = $1 AND birth_year_from <= $2 AND birth_year_to >= $3
        AND (name_union IS NULL
             OR ((birth_date IS NULL OR $6::date[] IS NULL OR birth_date = ANY ($6::date[]))
                 AND (key_id <> $5${anyTokenClose ? ` OR ${anyTokenClose}` : ''})))`,
    [
      child.placeOfOrigin.country,
      facts.yearTo + 1,
      facts.yearFrom - 1,
      prefilterThreshold,
      keys.current.id,
      (facts.birthDate && agreeingBirthDates(facts.birthDate)) || null,
      ...tokens.flatMap((token, index) => [token, bits[index]]),
    ],
  );
  const candidates: DuplicateCandidate[] = [];
  for (const row of rows) {
    const key = keys.byId.get(row.key_id);
    if (!key) continue;
    const agreement = birthDateAgreement(facts, {
      birthDate: isoDay(row.birth_date),
      yearFrom: Number(row.birth_year_from),
      yearTo: Number(row.birth_year_to),
    });
    if (!agreement) continue;
    if (!encoded.has(row.key_id)) encoded.set(row.key_id, encodeNames(names, key).map(decodeName));
    const mine = encoded.get(row.key_id)!;
    const theirs = (JSON.parse(row.name_filters) as string[][]).map(decodeName);
    const similarity = Math.max(0, ...mine.flatMap((a) => theirs.map((b) => similarityOf(a, b))));
    if (similarity >= NAME_THRESHOLD[agreement]) {
      candidates.push({
        caseNumber: row.case_number,
        nameSimilarity: Math.round(similarity * 100) / 100,
        birthDate: agreement,
      });
    }
  }
  return candidates.sort((a, b) => b.nameSimilarity - a.nameSimilarity);
}

/** Stores the duplicate-detection keys of a registered case; a repeat for the same case changes nothing. */
export async function recordDuplicateKeys(
  db: Db,
  caseNumber: string,
  child: Registration['child'],
  keys: LinkageKeys,
  registeredAt = new Date(),
): Promise<void> {
  const facts = birthFacts(child, registeredAt);
  const filters = encodeNames(
    child.names.map((name) => name.value),
    keys.current.key,
  );
  const sketch = nameSketch(filters);
  await db.query(
    `INSERT INTO duplicate_keys (case_number, origin_country, birth_date, birth_year_from, birth_year_to, key_id, name_filters, name_union, name_min_bits)
     VALUES ($1, $2, $3, $4, $5, $6, $7, ('x' || $8::text)::bit(512), $9)
     ON CONFLICT (case_number) DO NOTHING`,
    [
      caseNumber,
      child.placeOfOrigin.country,
      facts.birthDate,
      facts.yearFrom,
      facts.yearTo,
      keys.current.id,
      JSON.stringify(filters),
      sketch.union,
      sketch.minBits,
    ],
  );
}

/** Records a coordinator's decision once per organisation reference; answers the decision already recorded. */
export async function recordDuplicateDecision(
  db: Db,
  decision: {
    organisationId: string;
    organisationReference: string;
    kind: 'linked' | 'different';
    caseNumber: string;
    candidates: string[];
    decidedBy: string;
  },
): Promise<{ recorded: boolean }> {
  const { rows } = await db.query(
    `INSERT INTO duplicate_decisions (organisation_id, organisation_reference, decision, case_number, candidates, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organisation_id, organisation_reference) DO NOTHING
     RETURNING case_number`,
    [
      decision.organisationId,
      decision.organisationReference,
      decision.kind,
      decision.caseNumber,
      decision.candidates.join(','),
      decision.decidedBy,
    ],
  );
  return { recorded: rows.length > 0 };
}

/** What the comparison needs of one child, its names filtered under a key of the caller's (rows of one file). */
export interface ChildLinkage {
  originCountry: string;
  birth: BirthFacts;
  names: TokenBits[][];
}

export function childLinkage(child: Registration['child'], key: Buffer, registeredAt = new Date()): ChildLinkage {
  return {
    originCountry: child.placeOfOrigin.country,
    birth: birthFacts(child, registeredAt),
    names: encodeNames(
      child.names.map((name) => name.value),
      key,
    ).map(decodeName),
  };
}

/**
 * Whether two children not yet registered would be taken for the same child by the registry's check, using the same
 * rules; `slack` lowers the name thresholds, for a caller that must not miss a pair the registry might catch.
 */
export function likelySameChild(a: ChildLinkage, b: ChildLinkage, slack = 0): boolean {
  if (a.originCountry !== b.originCountry) return false;
  const agreement = birthDateAgreement(a.birth, b.birth);
  if (!agreement) return false;
  const similarity = Math.max(0, ...a.names.flatMap((left) => b.names.map((right) => similarityOf(left, right))));
  return similarity >= NAME_THRESHOLD[agreement] - slack;
}
