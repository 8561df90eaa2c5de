/**
 * Name keys for duplicate detection. A name written in Ukrainian or Russian Cyrillic, or romanised by any of the
 * usual systems (Ukrainian national, Russian passport, BGN/PCGN, ISO 9 without diacritics, German, French, Polish),
 * folds to one Latin skeleton, so `Олег`, `Oleh`, `Oleg` and `Олєг` compare as the same name.
 */

/** Cyrillic letters of Ukrainian, Russian and Belarusian to a plain Latin spelling; folding evens out the rest. */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ё: 'e',
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
  ў: 'u',
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
  ю: 'iu',
  я: 'ia',
};

export function toLatin(text: string): string {
  return [...text.toLowerCase()].map((letter) => CYRILLIC[letter] ?? letter).join('');
}

/** Rewrites applied in order to a lower-case Latin token; upper-case letters mark already-folded sounds. */
const FOLDS: Array<[RegExp, string]> = [
  [/schtsch|shch|szcz|chtch/g, 'S'],
  [/tsch|tch|tsh/g, 'C'],
  [/sch|sh|sz/g, 'X'],
  [/cz|ch/g, 'C'],
  [/zh|zs|rz/g, 'Z'],
  [/kh|x$/g, 'Q'],
  [/gh|h|g/g, 'H'],
  // Ukrainian Г is h, Russian Г is g, and Russian forms drop it before a vowel: Hanna / Ganna / Anna.
  [/^H(?=[aeiou])/, ''],
  [/ts|tz|c(?=[ie])/g, 'T'],
  [/x/g, 'ks'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/q|c/g, 'k'],
  [/ou|oo/g, 'u'],
  [/[jy]/g, 'i'],
  [/^ie/g, 'e'],
  [/([aeiou])ie/g, '$1e'],
  [/ii+/g, 'i'],
  [/(.)\1+/g, '$1'],
];

/** The folded skeleton of one name token, e.g. `Yevheniy` → `eveni`-like keys shared by its variants. */
export function foldToken(token: string): string {
  let folded = toLatin(token)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  folded = folded.replace(/[^a-z]/g, '');
  for (const [pattern, replacement] of FOLDS) folded = folded.replace(pattern, replacement);
  return folded.toLowerCase();
}

/** Ukrainian and Russian forms of one given name that transliteration alone cannot bring together. */
const NAME_FORMS: Array<[string, string]> = [
  ['Mykola', 'Nikolai'],
  ['Volodymyr', 'Vladimir'],
  ['Oleksandr', 'Aleksandr'],
  ['Oleksandra', 'Aleksandra'],
  ['Oleksii', 'Aleksei'],
  ['Olena', 'Elena'],
  ['Kateryna', 'Ekaterina'],
  ['Tetiana', 'Tatiana'],
  ['Pavlo', 'Pavel'],
  ['Petro', 'Petr'],
  ['Fedir', 'Fedor'],
  ['Vasyl', 'Vasilii'],
  ['Yakiv', 'Yakov'],
  ['Matvii', 'Matvei'],
  ['Illia', 'Ilia'],
  ['Lev', 'Lev'],
];

let forms: Map<string, string> | undefined;
const nameForm = (folded: string) => {
  forms ??= new Map(NAME_FORMS.map(([ukrainian, russian]) => [foldToken(ukrainian), foldToken(russian)]));
  return forms.get(folded) ?? folded;
};

/** The folded tokens of a full name: given names, patronymic and family name, in any order. */
export function nameTokens(name: string): string[] {
  return name
    .split(/[\s\-‐,.'’ʼ`"]+/u)
    .map((token) => nameForm(foldToken(token)))
    .filter((token) => token.length > 0);
}
