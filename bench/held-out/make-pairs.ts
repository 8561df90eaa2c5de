/**
 * Writes bench/held-out/pairs.json: labelled pairs for measuring duplicate detection on names it was not tuned to.
 * `npx tsx bench/held-out/make-pairs.ts` makes the same file again (a seeded generator, no randomness from outside).
 *
 * Every child gets a Ukrainian given name with its Russian form, a Ukrainian family name and a birth date of its own.
 * Same-child pairs write that child two ways by one rule from `sameRules`; different-child pairs are two children who
 * look alike by one rule from `differentRules`. The romanisations are written here from the published tables
 * (Ukrainian national 2010, Russian passport/ICAO, BGN/PCGN, German Duden, French, Polish), not taken from
 * src/registry. No name here is a token of the training pairs (test/registry/duplicate-pairs.ts) or of the name-form
 * table in src/registry/transliteration.ts: the script refuses to write the file otherwise.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { foldToken, nameTokens } from '../../src/registry/transliteration';
import { duplicatePairs, type DuplicatePair, type PairChild } from '../../test/registry/duplicate-pairs';
import { seededRandom } from '../../test/support/seeded-random';

const SEED = 20261201;
const SAME_PAIRS = 120;
const DIFFERENT_PAIRS = 100;
/** The date measure() registers every child at; estimated ages are counted from it. */
const REGISTERED_YEAR = 2026;

/** Given names: Ukrainian form, Russian form, sex; a paired name of the other sex where one exists. */
const givenNames: Array<{ uk: string; ru: string; sex: 'm' | 'f'; pair?: string }> = [
  { uk: 'Юрій', ru: 'Юрий', sex: 'm' },
  { uk: 'Григорій', ru: 'Григорий', sex: 'm' },
  { uk: 'Леонід', ru: 'Леонид', sex: 'm' },
  { uk: 'Віталій', ru: 'Виталий', sex: 'm', pair: 'Віталія' },
  { uk: 'Святослав', ru: 'Святослав', sex: 'm', pair: 'Святослава' },
  { uk: 'Всеволод', ru: 'Всеволод', sex: 'm' },
  { uk: 'Костянтин', ru: 'Константин', sex: 'm' },
  { uk: 'Георгій', ru: 'Георгий', sex: 'm' },
  { uk: 'Захар', ru: 'Захар', sex: 'm' },
  { uk: 'Платон', ru: 'Платон', sex: 'm' },
  { uk: 'Гліб', ru: 'Глеб', sex: 'm' },
  { uk: 'Давид', ru: 'Давид', sex: 'm' },
  { uk: 'Семен', ru: 'Семён', sex: 'm' },
  { uk: 'Руслан', ru: 'Руслан', sex: 'm', pair: 'Руслана' },
  { uk: 'Вадим', ru: 'Вадим', sex: 'm' },
  { uk: 'Валентин', ru: 'Валентин', sex: 'm', pair: 'Валентина' },
  { uk: 'Геннадій', ru: 'Геннадий', sex: 'm' },
  { uk: 'Ростислав', ru: 'Ростислав', sex: 'm', pair: 'Ростислава' },
  { uk: 'Любомир', ru: 'Любомир', sex: 'm', pair: 'Любомира' },
  { uk: 'Лука', ru: 'Лука', sex: 'm' },
  { uk: 'Ігнат', ru: 'Игнат', sex: 'm' },
  { uk: 'Єгор', ru: 'Егор', sex: 'm' },
  { uk: 'Прохор', ru: 'Прохор', sex: 'm' },
  { uk: 'Тихон', ru: 'Тихон', sex: 'm' },
  { uk: 'Олесь', ru: 'Олесь', sex: 'm', pair: 'Олеся' },
  { uk: 'Мирослав', ru: 'Мирослав', sex: 'm', pair: 'Мирослава' },
  { uk: 'Станіслав', ru: 'Станислав', sex: 'm', pair: 'Станіслава' },
  { uk: 'Оксана', ru: 'Оксана', sex: 'f' },
  { uk: 'Наталія', ru: 'Наталья', sex: 'f' },
  { uk: 'Людмила', ru: 'Людмила', sex: 'f' },
  { uk: 'Зоя', ru: 'Зоя', sex: 'f' },
  { uk: 'Тамара', ru: 'Тамара', sex: 'f' },
  { uk: 'Лариса', ru: 'Лариса', sex: 'f' },
  { uk: 'Світлана', ru: 'Светлана', sex: 'f' },
  { uk: 'Ніна', ru: 'Нина', sex: 'f' },
  { uk: 'Надія', ru: 'Надежда', sex: 'f' },
  { uk: 'Марта', ru: 'Марта', sex: 'f' },
  { uk: 'Уляна', ru: 'Ульяна', sex: 'f' },
  { uk: 'Христина', ru: 'Кристина', sex: 'f' },
  { uk: 'Валерія', ru: 'Валерия', sex: 'f' },
  { uk: 'Єлизавета', ru: 'Елизавета', sex: 'f' },
  { uk: 'Поліна', ru: 'Полина', sex: 'f' },
  { uk: 'Ксенія', ru: 'Ксения', sex: 'f' },
  { uk: 'Дарина', ru: 'Дарина', sex: 'f' },
  { uk: 'Маргарита', ru: 'Маргарита', sex: 'f' },
  { uk: 'Стефанія', ru: 'Стефания', sex: 'f' },
  { uk: 'Емілія', ru: 'Эмилия', sex: 'f' },
  { uk: 'Мілана', ru: 'Милана', sex: 'f' },
  { uk: 'Каріна', ru: 'Карина', sex: 'f' },
  { uk: 'Інна', ru: 'Инна', sex: 'f' },
  { uk: 'Віталія', ru: 'Виталия', sex: 'f' },
  { uk: 'Святослава', ru: 'Святослава', sex: 'f' },
  { uk: 'Руслана', ru: 'Руслана', sex: 'f' },
  { uk: 'Валентина', ru: 'Валентина', sex: 'f' },
  { uk: 'Ростислава', ru: 'Ростислава', sex: 'f' },
  { uk: 'Любомира', ru: 'Любомира', sex: 'f' },
  { uk: 'Олеся', ru: 'Олеся', sex: 'f' },
  { uk: 'Мирослава', ru: 'Мирослава', sex: 'f' },
  { uk: 'Станіслава', ru: 'Станислава', sex: 'f' },
];

/** Ukrainian family names; the Russian spelling follows from `toRussianSpelling`. */
const familyNames = [
  'Бойчук',
  'Гаврилюк',
  'Гуменюк',
  'Дорошенко',
  'Захарченко',
  'Іщенко',
  'Карпенко',
  'Кириленко',
  'Куліш',
  'Лук’янчук',
  'Мазур',
  'Нестеренко',
  'Онищенко',
  'Павлюк',
  'Романюк',
  'Семенюк',
  'Сидорчук',
  'Тимошенко',
  'Федорчук',
  'Химич',
  'Цимбалюк',
  'Чорновол',
  'Шаповал',
  'Юрченко',
  'Ярошенко',
  'Остапчук',
  'Панченко',
  'Демченко',
  'Пономаренко',
  'Вакуленко',
  'Дяченко',
  'Гнатишин',
  'Білик',
  'Жук',
  'Щербина',
  'Ковтун',
  'Єременко',
  'Їжакевич',
  'Ґудзь',
  'Лещенко',
];

/** Family names one or two letters from another in the list: different families that look alike. */
const lookAlikeFamilies: Array<[string, string]> = [
  ['Гуменюк', 'Гуменчук'],
  ['Павлюк', 'Павлик'],
  ['Семенюк', 'Семенчук'],
  ['Романюк', 'Романчук'],
  ['Бойчук', 'Бойчак'],
  ['Карпенко', 'Кирпенко'],
  ['Панченко', 'Пащенко'],
  ['Демченко', 'Дємченко'],
  ['Дяченко', 'Дьяченко'],
  ['Шаповал', 'Шаповалов'],
  ['Мазур', 'Мазуренко'],
  ['Білик', 'Білюк'],
];

/** Patronymics, Ukrainian: a son's and a daughter's form of one father's name. */
const patronymics: Array<[string, string]> = [
  ['Юрійович', 'Юріївна'],
  ['Григорович', 'Григорівна'],
  ['Леонідович', 'Леонідівна'],
  ['Вадимович', 'Вадимівна'],
  ['Русланович', 'Русланівна'],
];

// Ukrainian national romanisation (Cabinet of Ministers resolution 55, 2010): word-initial forms for є ї й ю я.
const UK_NATIONAL: Record<string, [string, string]> = {
  а: ['a', 'a'],
  б: ['b', 'b'],
  в: ['v', 'v'],
  г: ['h', 'h'],
  ґ: ['g', 'g'],
  д: ['d', 'd'],
  е: ['e', 'e'],
  є: ['ye', 'ie'],
  ж: ['zh', 'zh'],
  з: ['z', 'z'],
  и: ['y', 'y'],
  і: ['i', 'i'],
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  к: ['k', 'k'],
  л: ['l', 'l'],
  м: ['m', 'm'],
  н: ['n', 'n'],
  о: ['o', 'o'],
  п: ['p', 'p'],
  р: ['r', 'r'],
  с: ['s', 's'],
  т: ['t', 't'],
  у: ['u', 'u'],
  ф: ['f', 'f'],
  х: ['kh', 'kh'],
  ц: ['ts', 'ts'],
  ч: ['ch', 'ch'],
  ш: ['sh', 'sh'],
  щ: ['shch', 'shch'],
  ь: ['', ''],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
  '’': ['', ''],
};
// Russian passport romanisation (ICAO Doc 9303, used in Russian passports since 2013).
const RU_PASSPORT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};
// BGN/PCGN for Russian: е, ё as ye, yë at the start of a word and after a vowel, й as y.
const RU_BGN: Record<string, string> = { ...RU_PASSPORT, ё: 'ë', й: 'y', ъ: '', ю: 'yu', я: 'ya' };
// German (Duden) for Russian.
const RU_GERMAN: Record<string, string> = {
  ...RU_PASSPORT,
  в: 'w',
  ж: 'sch',
  з: 's',
  й: 'i',
  х: 'ch',
  ц: 'z',
  ч: 'tsch',
  ш: 'sch',
  щ: 'schtsch',
  ы: 'y',
  ю: 'ju',
  я: 'ja',
  е: 'e',
  ё: 'jo',
  ъ: '',
};
// French for Russian.
const RU_FRENCH: Record<string, string> = {
  ...RU_PASSPORT,
  ж: 'j',
  й: 'ï',
  у: 'ou',
  х: 'kh',
  ч: 'tch',
  ш: 'ch',
  щ: 'chtch',
  ю: 'iou',
  я: 'ia',
  ё: 'io',
  ъ: '',
};
// Polish for Ukrainian.
const UK_POLISH: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'je',
  ж: 'ż',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'ji',
  й: 'j',
  к: 'k',
  л: 'ł',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'ch',
  ц: 'c',
  ч: 'cz',
  ш: 'sz',
  щ: 'szcz',
  ь: '',
  ю: 'ju',
  я: 'ja',
  '’': '',
};

const VOWELS = 'аеєиіїоуюяёыэ';

/** Romanises one word letter by letter; a letter's spelling may depend on its neighbours. */
function romanise(
  word: string,
  spell: (letter: string, before: string | undefined, after: string | undefined) => string,
) {
  const lower = [...word.toLowerCase()];
  const joined = lower.map((letter, index) => spell(letter, lower[index - 1], lower[index + 1])).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
const startsSyllable = (before: string | undefined) =>
  before === undefined || VOWELS.includes(before) || before === '’';

const systems = {
  ukNational: (word: string) =>
    romanise(word, (letter, before) => {
      const forms = UK_NATIONAL[letter];
      return forms ? forms[before === undefined ? 0 : 1] : letter;
    }),
  ruPassport: (word: string) => romanise(word, (letter) => RU_PASSPORT[letter] ?? letter),
  ruBgn: (word: string) =>
    romanise(word, (letter, before) =>
      letter === 'е' && startsSyllable(before)
        ? 'ye'
        : letter === 'ё' && startsSyllable(before)
          ? 'yë'
          : (RU_BGN[letter] ?? letter),
    ),
  ruGerman: (word: string) =>
    romanise(word, (letter, before, after) =>
      letter === 'е' && startsSyllable(before)
        ? 'je'
        : letter === 'с' &&
            before !== undefined &&
            VOWELS.includes(before) &&
            after !== undefined &&
            VOWELS.includes(after)
          ? 'ss'
          : (RU_GERMAN[letter] ?? letter),
    ),
  ruFrench: (word: string) => romanise(word, (letter) => RU_FRENCH[letter] ?? letter),
  ukPolish: (word: string) =>
    romanise(word, (letter, before, after) => {
      if (letter === 'л') return after !== undefined && 'іьєюяї'.includes(after) ? 'l' : 'ł';
      const soft: Record<string, string> = { є: 'e', ю: 'u', я: 'a' };
      if (soft[letter]) return `${startsSyllable(before) ? 'j' : before === 'л' ? '' : 'i'}${soft[letter]}`;
      return UK_POLISH[letter] ?? letter;
    }),
};

/** How a Ukrainian family name is usually spelled in Russian Cyrillic. */
function toRussianSpelling(word: string): string {
  return word
    .replace(/’/g, 'ь')
    .replace(/ї/g, 'и')
    .replace(/Ї/g, 'И')
    .replace(/і/g, 'и')
    .replace(/І/g, 'И')
    .replace(/є/g, 'е')
    .replace(/Є/g, 'Е')
    .replace(/ґ/g, 'г')
    .replace(/Ґ/g, 'Г')
    .replace(/ький$/, 'кий')
    .replace(/ицький$/, 'ицкий');
}

// Seeded, so the file can be made again exactly.
const next = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

/** Birth dates at least ten days apart from every other pair's, so pairs do not run into each other by date. */
const usedDays = new Set<number>();
function birthDate(): string {
  const first = Date.UTC(2009, 0, 1) / 86_400_000;
  const last = Date.UTC(2022, 11, 31) / 86_400_000;
  for (;;) {
    const day = first + Math.floor(next() * (last - first));
    if ([...usedDays].some((used) => Math.abs(used - day) < 10)) continue;
    usedDays.add(day);
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  }
}
const shiftDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Child {
  given: (typeof givenNames)[number];
  family: string;
  birthDate: string;
}
const feminine = (family: string, sex: 'm' | 'f') =>
  sex === 'f' ? family.replace(/ський$/, 'ська').replace(/ий$/, 'а') : family;
const ukCyrillic = (child: Child) => `${child.given.uk} ${feminine(child.family, child.given.sex)}`;
const ruCyrillic = (child: Child) =>
  `${child.given.ru} ${toRussianSpelling(feminine(child.family, child.given.sex)).replace(/ська$/, 'ская')}`;
const latin = (system: keyof typeof systems, cyrillic: string) =>
  cyrillic
    .split(' ')
    .map((word) => systems[system](word))
    .join(' ');

/** One letter of a Latin name changed the way a hurried clerk changes it: dropped, doubled, swapped or replaced. */
function typo(name: string): string {
  const words = name.split(' ');
  const index = Math.floor(next() * words.length);
  const word = words[index]!;
  const at = 1 + Math.floor(next() * (word.length - 2));
  const kinds = [
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + word[at] + word.slice(at),
    () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    () => word.slice(0, at) + pick(['a', 'e', 'i', 'o', 'u', 'y']) + word.slice(at + 1),
  ];
  words[index] = pick(kinds)();
  return words.join(' ');
}

/** A birth date with one digit mistyped, or day and month swapped where that is still a date. */
function mistypedDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (Number(day) <= 12 && day !== month && next() < 0.5) return `${year}-${day}-${month}`;
  for (;;) {
    const digits = [...date];
    const at = pick([3, 6, 8, 9]);
    digits[at] = String(Math.floor(next() * 10));
    const candidate = digits.join('');
    if (
      candidate !== date &&
      !Number.isNaN(Date.parse(`${candidate}T00:00:00Z`)) &&
      candidate.slice(0, 10) === new Date(Date.parse(`${candidate}T00:00:00Z`)).toISOString().slice(0, 10)
    )
      return candidate;
  }
}
const ageOn = (date: string) => REGISTERED_YEAR - Number(date.slice(0, 4)) - 1 + (date.slice(5) <= '11-23' ? 1 : 0);

const sameRules: Array<[string, (child: Child, index: number) => [PairChild, PairChild]]> = [
  [
    'Ukrainian Cyrillic vs Ukrainian national',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'Ukrainian national vs Russian Cyrillic',
    (c) => [
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
      { names: [ruCyrillic(c)], birthDate: c.birthDate },
    ],
  ],
  [
    'Ukrainian Cyrillic vs Russian passport',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ruPassport', ruCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'Ukrainian national vs German',
    (c) => [
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
      { names: [latin('ruGerman', ruCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'Ukrainian national vs French',
    (c) => [
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
      { names: [latin('ruFrench', ruCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'Ukrainian Cyrillic vs Polish',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ukPolish', ukCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'Russian Cyrillic vs BGN/PCGN',
    (c) => [
      { names: [ruCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ruBgn', ruCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
  [
    'a typo in the Latin spelling',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [typo(latin('ukNational', ukCyrillic(c)))], birthDate: c.birthDate },
    ],
  ],
  [
    'family name first, in the other script',
    (c) => {
      const [given, family] = ruCyrillic(c).split(' ');
      return [
        { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
        { names: [`${family} ${given}`], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'a mistyped birth date',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: mistypedDate(c.birthDate) },
    ],
  ],
  [
    'an estimated age on one side',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ruPassport', ruCyrillic(c))], estimatedAgeYears: ageOn(c.birthDate) },
    ],
  ],
  [
    'a patronymic on one side',
    (c, index) => {
      const [son, daughter] = patronymics[index % patronymics.length]!;
      const ukPatronymic = c.given.sex === 'm' ? son : daughter;
      const [given, family] = ukCyrillic(c).split(' ');
      return [
        { names: [`${given} ${ukPatronymic} ${family}`], birthDate: c.birthDate },
        { names: [latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'both scripts on one side, German on the other',
    (c) => [
      { names: [ukCyrillic(c), latin('ukNational', ukCyrillic(c))], birthDate: c.birthDate },
      { names: [latin('ruGerman', ruCyrillic(c))], birthDate: c.birthDate },
    ],
  ],
];

const otherGiven = (given: Child['given'], sex?: 'm' | 'f') =>
  pick(
    givenNames.filter(
      (candidate) =>
        candidate.uk !== given.uk &&
        candidate.pair !== given.uk &&
        given.pair !== candidate.uk &&
        (!sex || candidate.sex === sex),
    ),
  );

const differentRules: Array<[string, (child: Child) => [PairChild, PairChild]]> = [
  [
    'twins: same family and birth date, different given names',
    (c) => {
      const twin = { ...c, given: otherGiven(c.given) };
      return [
        { names: [ukCyrillic(c)], birthDate: c.birthDate },
        { names: [latin('ukNational', ukCyrillic(twin))], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'twins with paired names (Olesia and Oles)',
    (c) => {
      const paired = givenNames.filter((candidate) => candidate.pair);
      const brother = { ...c, given: pick(paired) };
      const sister = { ...c, given: givenNames.find((candidate) => candidate.uk === brother.given.pair)! };
      return [
        { names: [ukCyrillic(brother)], birthDate: c.birthDate },
        { names: [latin('ukNational', ukCyrillic(sister))], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'cousins: same family name, different given, born within a week',
    (c) => {
      const cousin = { ...c, given: otherGiven(c.given, c.given.sex) };
      return [
        { names: [ruCyrillic(c)], birthDate: c.birthDate },
        {
          names: [latin('ukNational', ukCyrillic(cousin))],
          birthDate: shiftDays(c.birthDate, 1 + Math.floor(next() * 6)),
        },
      ];
    },
  ],
  [
    'same given name, a look-alike family, same birth date',
    (c) => {
      const [one, two] = pick(lookAlikeFamilies);
      return [
        { names: [ukCyrillic({ ...c, family: one })], birthDate: c.birthDate },
        { names: [latin('ukNational', ukCyrillic({ ...c, family: two }))], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'same given name, unrelated family, same birth date',
    (c) => {
      const other = { ...c, family: pick(familyNames.filter((family) => family !== c.family)) };
      return [
        { names: [ukCyrillic(c)], birthDate: c.birthDate },
        { names: [latin('ruPassport', ruCyrillic(other))], birthDate: c.birthDate },
      ];
    },
  ],
  [
    'namesakes: same full name, born months apart',
    (c) => [
      { names: [ukCyrillic(c)], birthDate: c.birthDate },
      { names: [latin('ukNational', ukCyrillic(c))], birthDate: shiftDays(c.birthDate, 60 + Math.floor(next() * 200)) },
    ],
  ],
];

function child(): Child {
  return { given: pick(givenNames), family: pick(familyNames), birthDate: birthDate() };
}

const pairs: DuplicatePair[] = [];
for (let index = 0; index < SAME_PAIRS; index += 1) {
  const [rule, make] = sameRules[index % sameRules.length]!;
  const [a, b] = make(child(), index);
  pairs.push({ note: `same child, ${rule} (#${index + 1})`, same: true, a, b });
}
for (let index = 0; index < DIFFERENT_PAIRS; index += 1) {
  const [rule, make] = differentRules[index % differentRules.length]!;
  const [a, b] = make(child());
  pairs.push({ note: `different children, ${rule} (#${index + 1})`, same: false, a, b });
}

// Held out means held out: no token of these names is one of the training pairs' or a form the name table rewrites.
const trainingTokens = new Set(
  duplicatePairs.flatMap((pair) => [...pair.a.names, ...pair.b.names]).flatMap(nameTokens),
);
const heldOutWords = [
  ...givenNames.flatMap((given) => [given.uk, given.ru]),
  ...familyNames.flatMap((family) => [family, toRussianSpelling(family)]),
  ...lookAlikeFamilies.flat(),
  ...patronymics.flat(),
];
const clashes = heldOutWords.filter((word) => {
  const tokens = nameTokens(word);
  const unmapped = word.split(/[’-]/).map(foldToken);
  return tokens.some((token) => trainingTokens.has(token)) || tokens.join(' ') !== unmapped.join(' ');
});
if (clashes.length) throw new Error(`these names are in the training pairs or the name table: ${clashes.join(', ')}`);

async function write(): Promise<void> {
  const file = join(__dirname, 'pairs.json');
  // Formatted as the repository's Prettier check wants it, so making the file again changes nothing.
  const json = JSON.stringify({ madeBy: 'bench/held-out/make-pairs.ts', seed: SEED, pairs });
  writeFileSync(file, await format(json, { ...(await resolveConfig(file)), filepath: file }));
  process.stdout.write(`${pairs.length} pairs (${SAME_PAIRS} same child, ${DIFFERENT_PAIRS} different) in ${file}\n`);
}

write().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
