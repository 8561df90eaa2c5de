/**
 * Names as keyed Bloom filters, one per folded name token, and how alike two such names are: the filters can be
 * compared without the names, and without the linkage key cannot be tested against a list of names.
 */
import { createHmac } from 'node:crypto';
import { nameTokens } from './transliteration';

const FILTER_BITS = 512;
const HASHES_PER_BIGRAM = 5;

/**
 * The bits each bigram sets, per linkage key. Folded names share a few hundred bigrams, so each is keyed once per
 * process instead of once per name (an HMAC each, twice per registration). Held as long as the key itself is.
 */
const bigramBitsByKey = new WeakMap<Buffer, Map<string, number[]>>();

function bigramBits(bigram: string, key: Buffer): number[] {
  let known = bigramBitsByKey.get(key);
  if (!known) bigramBitsByKey.set(key, (known = new Map()));
  let bits = known.get(bigram);
  if (!bits) {
    const digest = createHmac('sha256', key).update(bigram).digest();
    bits = Array.from({ length: HASHES_PER_BIGRAM }, (_, hash) => digest.readUInt16BE(hash * 2) % FILTER_BITS);
    known.set(bigram, bits);
  }
  return bits;
}

function tokenFilter(token: string, key: Buffer): Uint8Array {
  const bits = new Uint8Array(FILTER_BITS / 8);
  const padded = `_${token}_`;
  for (let index = 0; index < padded.length - 1; index += 1) {
    for (const bit of bigramBits(padded.slice(index, index + 2), key)) bits[bit >> 3]! |= 1 << (bit & 7);
  }
  return bits;
}

/** One list of token filters (hex) per name the child is known by. */
export function encodeNames(names: string[], key: Buffer): string[][] {
  return names
    .map((name) => nameTokens(name).map((token) => Buffer.from(tokenFilter(token, key)).toString('hex')))
    .filter((tokens) => tokens.length > 0);
}

/** A token filter decoded once for comparing: its bits as 32-bit words, and how many are set. */
export interface TokenBits {
  words: Uint32Array;
  count: number;
}

const WORDS = FILTER_BITS / 32;

function popcount32(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** A name's token filters (hex, as stored) decoded for `similarityOf`. */
export function decodeName(filters: string[]): TokenBits[] {
  return filters.map((hex) => {
    const bytes = Buffer.alloc(FILTER_BITS / 8);
    Buffer.from(hex, 'hex').copy(bytes);
    const words = new Uint32Array(WORDS);
    let count = 0;
    for (let index = 0; index < WORDS; index += 1) {
      words[index] = bytes.readUInt32BE(index * 4);
      count += popcount32(words[index]!);
    }
    return { words, count };
  });
}

function dice(a: TokenBits, b: TokenBits): number {
  const total = a.count + b.count;
  if (total === 0) return 0;
  let both = 0;
  for (let index = 0; index < WORDS; index += 1) both += popcount32(a.words[index]! & b.words[index]!);
  return (2 * both) / total;
}

/**
 * How alike two names are, 0 to 1, whatever the order of their tokens: each token of the shorter name is paired with
 * its most similar unused token of the longer one. A name of one token against a fuller one counts for less.
 */
export function similarityOf(a: TokenBits[], b: TokenBits[]): number {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0) return 0;
  const pairs = shorter
    .flatMap((left, i) => longer.map((right, j) => ({ i, j, score: dice(left, right) })))
    .sort((x, y) => y.score - x.score);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  let total = 0;
  for (const pair of pairs) {
    if (usedLeft.has(pair.i) || usedRight.has(pair.j)) continue;
    usedLeft.add(pair.i);
    usedRight.add(pair.j);
    total += pair.score;
  }
  const average = total / shorter.length;
  return shorter.length === 1 && longer.length > 1 ? average * 0.8 : average;
}

/** `similarityOf` for names as stored (hex filters). */
export function nameSimilarity(a: string[], b: string[]): number {
  return similarityOf(decodeName(a), decodeName(b));
}

/** The union of every name-token filter (hex) and the bit count of the smallest, for the prefilter. */
export function nameSketch(filters: string[][]): { union: string; minBits: number } {
  const union = Buffer.alloc(FILTER_BITS / 8);
  let minBits = FILTER_BITS;
  for (const filter of filters.flat()) {
    const bytes = Buffer.from(filter, 'hex');
    bytes.forEach((byte, index) => (union[index]! |= byte));
    minBits = Math.min(minBits, decodeName([filter])[0]!.count);
  }
  return { union: union.toString('hex'), minBits };
}
