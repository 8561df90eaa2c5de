/**
 * A national registry's list of children, generated from a seed: Ukrainian and Russian names in Cyrillic, some with
 * a Latin transliteration beside them, dates written the ways registries write them, estimated ages where the birth
 * date is unknown, and, injected at known rows, errors and second copies of children already listed. The counts it
 * returns are what an import of the file must report. Every invented child is unlike every other: names are drawn
 * without repeating a given and family name pair, so the registry's duplicate check finds only the injected copies.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Registration } from '../../src/domain/registration';
import { childLinkage, likelySameChild, linkageKeysFrom, type ChildLinkage } from '../../src/registry/duplicates';
import { seededRandom } from './seeded-random';
import { testEncryptionKey } from './stack';

const ukrainianGiven = {
  male: [
    'Олександр',
    'Андрій',
    'Богдан',
    'Василь',
    'Дмитро',
    'Євген',
    'Іван',
    'Максим',
    'Микола',
    'Назар',
    'Олег',
    'Остап',
    'Петро',
    'Роман',
    'Сергій',
    'Тарас',
    'Юрій',
    'Ярослав',
    'Владислав',
    'Артем',
    'Данило',
    'Матвій',
    'Тимофій',
    'Захар',
    'Марко',
  ],
  female: [
    'Анастасія',
    'Богдана',
    'Вікторія',
    'Галина',
    'Дарина',
    'Євгенія',
    'Ірина',
    'Катерина',
    'Людмила',
    'Марія',
    'Наталія',
    'Оксана',
    'Олена',
    'Поліна',
    'Соломія',
    'Тетяна',
    'Уляна',
    'Христина',
    'Юлія',
    'Ярина',
    'Злата',
    'Мирослава',
    'Софія',
    'Аліна',
    'Вероніка',
  ],
};
const russianGiven = {
  male: [
    'Алексей',
    'Владимир',
    'Георгий',
    'Кирилл',
    'Михаил',
    'Никита',
    'Павел',
    'Степан',
    'Фёдор',
    'Григорий',
    'Егор',
    'Илья',
    'Лев',
    'Тимур',
    'Глеб',
  ],
  female: [
    'Алёна',
    'Валерия',
    'Елизавета',
    'Ксения',
    'Маргарита',
    'Надежда',
    'Светлана',
    'Ульяна',
    'Эвелина',
    'Яна',
    'Варвара',
    'Дарья',
    'Милана',
    'Таисия',
    'Василиса',
  ],
};
const familyNames = [
  'Коваленко',
  'Бондаренко',
  'Ткаченко',
  'Кравченко',
  'Олійник',
  'Шевчук',
  'Поліщук',
  'Бойко',
  'Мельник',
  'Шевченко',
  'Коваль',
  'Лисенко',
  'Марченко',
  'Савченко',
  'Руденко',
  'Мороз',
  'Павленко',
  'Кузьменко',
  'Гончаренко',
  'Левченко',
  'Клименко',
  'Петренко',
  'Кушнір',
  'Зінченко',
  'Гуменюк',
  'Ярошенко',
  'Довженко',
  'Білик',
  'Собко',
  'Приходько',
  'Іваненко',
  'Романюк',
  'Дячук',
  'Костенко',
  'Панченко',
  'Гаврилюк',
  'Сидоренко',
  'Остапчук',
  'Тимошенко',
  'Василенко',
  'Кравчук',
  'Мартинюк',
  'Литвин',
  'Юрченко',
  'Нестеренко',
  'Карпенко',
  'Пономаренко',
  'Федоренко',
  'Ковальчук',
  'Гребенюк',
  'Демченко',
  'Волошин',
  'Захарченко',
  'Хоменко',
  'Семенко',
  'Головко',
  'Стасюк',
  'Онищенко',
  'Чорновол',
  'Гнатюк',
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Козлов',
  'Новиков',
  'Морозов',
  'Волков',
  'Соловьёв',
  'Васильев',
  'Зайцев',
  'Павлов',
  'Семёнов',
  'Голубев',
  'Виноградов',
  'Богданов',
  'Воробьёв',
  'Фёдоров',
];
const places = [
  'Маріуполь',
  'Херсон',
  'Мелітополь',
  'Бердянськ',
  'Ізюм',
  'Куп’янськ',
  'Бахмут',
  'Сєвєродонецьк',
  'Лисичанськ',
  'Нова Каховка',
  'Енергодар',
  'Донецьк',
  'Луганськ',
  'Харків',
];
const facilities = ['Facility 7', 'Dom rebenka 3', 'Boarding school 12', 'Camp Sokol', 'Orphanage 4'];

const ukrainianLatin: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
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
  ь: '',
  ю: 'iu',
  я: 'ia',
  '’': '',
  "'": '',
};
const ukrainianInitial: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
const russianLatin: Record<string, string> = {
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
  й: 'y',
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
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Ukrainian names by the national system (2010), Russian ones as Russian passports write them. */
export function transliterate(name: string, russian: boolean): string {
  return name
    .split(' ')
    .map((word) => {
      const letters = [...word.toLowerCase()].map((letter, index) =>
        russian
          ? (russianLatin[letter] ?? letter)
          : (index === 0 && ukrainianInitial[letter]) || (ukrainianLatin[letter] ?? letter),
      );
      const latin = letters.join('');
      return latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .join(' ');
}

export const registryHeader = [
  'reference',
  'family_name',
  'given_name',
  'patronymic',
  'family_name_latin',
  'given_name_latin',
  'birth_date',
  'estimated_age',
  'origin_country',
  'origin_locality',
  'current_country',
  'facility',
  'claimant_name',
  'relationship',
  'claimant_country',
  'claimant_language',
  'claimant_email',
  'claimant_phone',
] as const;
type Column = (typeof registryHeader)[number];
export type ListRow = Record<Column, string>;

export type Injected =
  | 'clean'
  | 'in-file-duplicate'
  | 'registry-duplicate'
  | 'bad-date'
  | 'impossible-date'
  | 'future-date'
  | 'no-reference'
  | 'bad-country'
  | 'no-contact'
  | 'bad-relationship'
  | 'name-with-digits'
  | 'bad-age';

export interface GeneratedList {
  rows: ListRow[];
  /** What was done to each row, by index (row number = index + 2). */
  kinds: Injected[];
  /** Children to register before the import, each a child some row of the list is a second copy of. */
  alreadyRegistered: ListRow[];
  expected: { rows: number; invalid: number; duplicates: number; inFileDuplicates: number; registered: number };
}

export interface ListOptions {
  rows: number;
  seed: number;
  /** Shares of rows with an error, a second copy of an earlier row, and a copy of a registered child. */
  errorShare?: number;
  duplicateShare?: number;
  registryDuplicateShare?: number;
  /** Only every `of`-th family name from `index`: lists made with different slices share no child. */
  familySlice?: [index: number, of: number];
  /** False: skip drawing again children the registry would take for one (quadratic; the benchmark's long list). */
  distinct?: boolean;
  /** Prefix of every reference, so two lists never share one. */
  referencePrefix?: string;
}

const errorKinds: Injected[] = [
  'bad-date',
  'impossible-date',
  'future-date',
  'no-reference',
  'bad-country',
  'no-contact',
  'bad-relationship',
  'name-with-digits',
  'bad-age',
];

export function generateList(options: ListOptions): GeneratedList {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const prefix = options.referencePrefix ?? `REG-${options.seed}`;
  const usedNames = new Set<string>();
  const [slice, slices] = options.familySlice ?? [0, 1];
  const families = familyNames.filter((_, index) => index % slices === slice);
  const thisYear = new Date().getUTCFullYear();

  const invent = (index: number): ListRow => {
    for (let tries = 0; ; tries += 1) {
      const russian = random() < 0.3;
      const female = random() < 0.5;
      const pool = russian ? russianGiven : ukrainianGiven;
      const given = pick(female ? pool.female : pool.male);
      const family = pick(families);
      const father = pick(russian ? russianGiven.male : ukrainianGiven.male);
      const patronymic = patronymicOf(father, female, russian);
      const year = thisYear - 3 - Math.floor(random() * 14);
      // Богдан and Богдана of one family are two names the duplicate check may take for one: only one is used. A
      // list longer than the pairs of names (the benchmark's) tells children apart by patronymic and year too, and
      // the registry may then take a few of them for one child.
      const stem = `${given.replace(/[аяії]$/, '')} ${family}`;
      const key = tries < 50 ? stem : `${stem} ${patronymic} ${year}`;
      if (usedNames.has(key)) continue;
      usedNames.add(key);
      const familyForm = female && /(ов|ев|ёв|ин)$/.test(family) ? `${family}а` : family;
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const estimated = random() < 0.12;
      const latin = random() < 0.5;
      const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const mother = `${pick(russian ? russianGiven.female : ukrainianGiven.female)} ${familyForm}`;
      return {
        reference: `${prefix}-${String(index + 1).padStart(6, '0')}`,
        family_name: familyForm,
        given_name: given,
        patronymic: random() < 0.7 ? patronymic : '',
        family_name_latin: latin ? transliterate(familyForm, russian) : '',
        given_name_latin: latin ? transliterate(given, russian) : '',
        birth_date: estimated ? '' : formatDate(iso, Math.floor(random() * 3)),
        estimated_age: estimated ? pick(['', 'about ', '~', 'близько ']) + String(thisYear - year) : '',
        origin_country: pick(['UA', 'UA', 'UA', 'Україна']),
        origin_locality: pick(places),
        current_country: pick(['RU', 'RU', 'RU', 'BY', 'Росія']),
        facility: random() < 0.6 ? pick(facilities) : '',
        claimant_name: mother,
        relationship: pick(['mother', 'мати', 'мать', 'grandparent', 'бабуся', 'aunt-uncle']),
        claimant_country: pick(['UA', 'UA', 'PL', 'DE']),
        claimant_language: russian ? 'ru' : pick(['uk', 'uk', 'українська']),
        claimant_email: `family-${options.seed}-${index}@example.org`,
        claimant_phone:
          random() < 0.5 ? `+380 ${50 + Math.floor(random() * 49)} ${1000000 + Math.floor(random() * 8999999)}` : '',
      };
    }
  };

  // The registry's own comparison, under the test stack's key: an invented child it would take for an earlier one is
  // drawn again, so the only duplicates in the list are the injected ones.
  const linkageKey = linkageKeysFrom({ keys: [testEncryptionKey], currentKeyId: testEncryptionKey.id }).current.key;
  const invented: ChildLinkage[] = [];
  const distinct = (row: ListRow) => {
    if (options.distinct === false) return true;
    const names = [[row.given_name, row.patronymic, row.family_name].filter(Boolean).join(' ')];
    if (row.given_name_latin) names.push(`${row.given_name_latin} ${row.family_name_latin}`);
    const age = Number(row.estimated_age.replace(/\D/g, ''));
    const child = {
      names: names.map((value) => ({ value, script: 'other' as const })),
      ...(row.birth_date ? { birthDate: isoOf(row.birth_date) } : { estimatedAgeYears: age }),
      placeOfOrigin: { country: 'UA' },
    } as unknown as Registration['child'];
    const linkage = childLinkage(child, linkageKey);
    if (invented.some((other) => likelySameChild(other, linkage, 0.1))) return false;
    invented.push(linkage);
    return true;
  };
  const inventDistinct = (index: number): ListRow => {
    for (;;) {
      const row = invent(index);
      if (distinct(row)) return row;
    }
  };

  const rows: ListRow[] = [];
  const kinds: Injected[] = [];
  const alreadyRegistered: ListRow[] = [];
  const clean: number[] = [];
  let errors = 0;
  const errorShare = options.errorShare ?? 0.08;
  const duplicateShare = options.duplicateShare ?? 0.05;
  const registryShare = options.registryDuplicateShare ?? 0.02;
  for (let index = 0; index < options.rows; index += 1) {
    const roll = random();
    let row = inventDistinct(index);
    let kind: Injected = 'clean';
    if (roll < errorShare) {
      kind = errorKinds[errors++ % errorKinds.length]!;
      row = injectError(row, kind, thisYear);
    } else if (roll < errorShare + duplicateShare && clean.length > 0) {
      kind = 'in-file-duplicate';
      row = secondCopy(rows[pick(clean)]!, row.reference, random);
    } else if (roll < errorShare + duplicateShare + registryShare) {
      kind = 'registry-duplicate';
      alreadyRegistered.push({ ...row, reference: `${prefix}-EARLIER-${index}` });
      row = secondCopy(row, row.reference, random);
    }
    if (kind === 'clean') clean.push(index);
    rows.push(row);
    kinds.push(kind);
  }
  const invalid = kinds.filter((kind) => errorKinds.includes(kind)).length;
  const inFileDuplicates = kinds.filter((kind) => kind === 'in-file-duplicate').length;
  const duplicates = inFileDuplicates + kinds.filter((kind) => kind === 'registry-duplicate').length;
  return {
    rows,
    kinds,
    alreadyRegistered,
    expected: {
      rows: rows.length,
      invalid,
      duplicates,
      inFileDuplicates,
      registered: rows.length - invalid - duplicates,
    },
  };
}

function patronymicOf(father: string, female: boolean, russian: boolean): string {
  const stem = father.replace(/[йь]$/, '').replace(/[ао]$/, '');
  if (russian) return `${stem}${female ? 'овна' : 'ович'}`;
  return `${stem}${female ? 'івна' : 'ович'}`;
}

/** The same date as registries write it: ISO, DD.MM.YYYY or DD/MM/YYYY. */
function formatDate(iso: string, style: number): string {
  const [year, month, day] = iso.split('-');
  return style === 0 ? iso : style === 1 ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}

function isoOf(written: string): string {
  const european = /^(\d{2})[./](\d{2})[./](\d{4})$/.exec(written);
  return european ? `${european[3]}-${european[2]}-${european[1]}` : written;
}

/** The same child again as another office wrote it down: another date format, Latin only, or a typo. */
function secondCopy(original: ListRow, reference: string, random: () => number): ListRow {
  const copy: ListRow = { ...original, reference, claimant_email: `second-${reference.toLowerCase()}@example.org` };
  const variant = Math.floor(random() * 3);
  if (copy.birth_date) copy.birth_date = formatDate(isoOf(copy.birth_date), (variant + 1) % 3);
  if (variant === 0 && copy.given_name_latin) {
    copy.family_name = copy.family_name_latin;
    copy.given_name = copy.given_name_latin;
    copy.patronymic = '';
  } else if (variant === 1 && copy.birth_date) {
    copy.family_name = copy.family_name.replace(/о(?=[^о]*$)/, 'а');
  }
  return copy;
}

function injectError(row: ListRow, kind: Injected, thisYear: number): ListRow {
  const broken = { ...row };
  switch (kind) {
    case 'bad-date':
      return { ...broken, birth_date: 'весна 2014', estimated_age: '' };
    case 'impossible-date':
      return { ...broken, birth_date: '31.02.2015', estimated_age: '' };
    case 'future-date':
      return { ...broken, birth_date: `${thisYear + 1}-01-15`, estimated_age: '' };
    case 'no-reference':
      return { ...broken, reference: '' };
    case 'bad-country':
      return { ...broken, origin_country: 'Атлантида' };
    case 'no-contact':
      return { ...broken, claimant_email: '', claimant_phone: '' };
    case 'bad-relationship':
      return { ...broken, relationship: 'сусідка' };
    case 'name-with-digits':
      return { ...broken, given_name: `${broken.given_name}2`, given_name_latin: '' };
    case 'bad-age':
      return { ...broken, birth_date: '', estimated_age: 'unknown' };
    default:
      return broken;
  }
}

export interface WriteOptions {
  format: 'csv' | 'xlsx';
  delimiter?: string;
  encoding?: 'utf-8' | 'windows-1251';
  bom?: boolean;
}

const csvCell = (value: string, delimiter: string) =>
  value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export async function writeList(file: string, rows: ListRow[], options: WriteOptions): Promise<void> {
  if (options.format === 'xlsx') {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: false,
      useSharedStrings: true,
    });
    const sheet = workbook.addWorksheet('Діти');
    sheet.addRow([...registryHeader]).commit();
    for (const row of rows) sheet.addRow(registryHeader.map((column) => row[column])).commit();
    sheet.commit();
    await workbook.commit();
    return;
  }
  const delimiter = options.delimiter ?? ',';
  const text = [
    registryHeader.join(delimiter),
    ...rows.map((row) => registryHeader.map((column) => csvCell(row[column], delimiter)).join(delimiter)),
  ].join('\r\n');
  const encoded =
    options.encoding === 'windows-1251'
      ? iconv.encode(`${text}\r\n`, 'windows-1251')
      : Buffer.from(`${options.bom ? '\ufeff' : ''}${text}\r\n`);
  writeFileSync(file, encoded);
}

/** A row of the list as the registration the default mapping makes of it, for registering a child beforehand. */
export function asRegistration(row: ListRow, organisation: string) {
  const names = [[row.given_name, row.patronymic, row.family_name].filter(Boolean).join(' ')];
  if (row.given_name_latin) names.push(`${row.given_name_latin} ${row.family_name_latin}`);
  const birth = isoOf(row.birth_date);
  return {
    organisation: { id: organisation, reference: row.reference },
    child: {
      names: names.map((value) => ({ value })),
      ...(birth ? { birthDate: birth } : { estimatedAgeYears: Number(row.estimated_age.replace(/\D/g, '')) }),
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: row.current_country === 'Росія' ? 'RU' : row.current_country },
    },
    claimants: [
      {
        name: row.claimant_name,
        relationship: 'mother' as const,
        isLegalGuardian: true,
        country: row.claimant_country,
        language: 'uk' as const,
        email: `earlier-${row.reference.toLowerCase()}@example.org`,
      },
    ],
  };
}
