/**
 * Cells as registries write them: dates as DD.MM.YYYY or a spreadsheet's serial, ages as "about 7", countries,
 * languages and relationships in Ukrainian, Russian or English, yes and no in each.
 */
export const countryNames: Record<string, string> = {
  україна: 'UA',
  украина: 'UA',
  ukraine: 'UA',
  росія: 'RU',
  россия: 'RU',
  russia: 'RU',
  рф: 'RU',
  'russian federation': 'RU',
  'російська федерація': 'RU',
  'российская федерация': 'RU',
  польща: 'PL',
  польша: 'PL',
  poland: 'PL',
  німеччина: 'DE',
  германия: 'DE',
  germany: 'DE',
  молдова: 'MD',
  moldova: 'MD',
  румунія: 'RO',
  румыния: 'RO',
  romania: 'RO',
  білорусь: 'BY',
  беларусь: 'BY',
  belarus: 'BY',
  'велика британія': 'GB',
  великобритания: 'GB',
  'united kingdom': 'GB',
  грузія: 'GE',
  грузия: 'GE',
  georgia: 'GE',
  казахстан: 'KZ',
  kazakhstan: 'KZ',
  литва: 'LT',
  lithuania: 'LT',
  латвія: 'LV',
  латвия: 'LV',
  latvia: 'LV',
  естонія: 'EE',
  эстония: 'EE',
  estonia: 'EE',
  чехія: 'CZ',
  чехия: 'CZ',
  czechia: 'CZ',
  словаччина: 'SK',
  словакия: 'SK',
  slovakia: 'SK',
  угорщина: 'HU',
  венгрия: 'HU',
  hungary: 'HU',
  туреччина: 'TR',
  турция: 'TR',
  turkey: 'TR',
};

export const languageNames: Record<string, string> = {
  uk: 'uk',
  ua: 'uk',
  українська: 'uk',
  украинский: 'uk',
  ukrainian: 'uk',
  укр: 'uk',
  ru: 'ru',
  російська: 'ru',
  русский: 'ru',
  russian: 'ru',
  рус: 'ru',
  en: 'en',
  англійська: 'en',
  английский: 'en',
  english: 'en',
  eng: 'en',
};

export const relationshipNames: Record<string, string> = {
  mother: 'mother',
  мати: 'mother',
  мама: 'mother',
  мать: 'mother',
  father: 'father',
  батько: 'father',
  тато: 'father',
  отец: 'father',
  папа: 'father',
  'legal-guardian': 'legal-guardian',
  'legal guardian': 'legal-guardian',
  guardian: 'legal-guardian',
  опікун: 'legal-guardian',
  опікунка: 'legal-guardian',
  опекун: 'legal-guardian',
  grandparent: 'grandparent',
  grandmother: 'grandparent',
  grandfather: 'grandparent',
  бабуся: 'grandparent',
  баба: 'grandparent',
  бабця: 'grandparent',
  дідусь: 'grandparent',
  дід: 'grandparent',
  бабушка: 'grandparent',
  дедушка: 'grandparent',
  sibling: 'sibling',
  brother: 'sibling',
  sister: 'sibling',
  брат: 'sibling',
  сестра: 'sibling',
  'aunt-uncle': 'aunt-uncle',
  aunt: 'aunt-uncle',
  uncle: 'aunt-uncle',
  тітка: 'aunt-uncle',
  дядько: 'aunt-uncle',
  тётя: 'aunt-uncle',
  тетя: 'aunt-uncle',
  дядя: 'aunt-uncle',
  'other-relative': 'other-relative',
  relative: 'other-relative',
  родич: 'other-relative',
  родичка: 'other-relative',
  родственник: 'other-relative',
  родственница: 'other-relative',
};

export const yesWords = new Set(['yes', 'y', 'true', '1', 'так', 'да', 'т', 'д', '+']);
export const noWords = new Set(['no', 'n', 'false', '0', 'ні', 'нет', 'н', '-']);

/** Days from 1899-12-30 (Excel's day 0 in the 1900 date system) to a date, as a spreadsheet stores it. */
const excelEpoch = Date.UTC(1899, 11, 30);

/** A date in the usual formats as YYYY-MM-DD; an impossible day (31.02) passes through for the schema to refuse. */
export function parseDate(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  const european = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(value);
  const pad = (part: string) => part.padStart(2, '0');
  if (iso) return `${iso[1]}-${pad(iso[2]!)}-${pad(iso[3]!)}`;
  if (european) return `${european[3]}-${pad(european[2]!)}-${pad(european[1]!)}`;
  if (/^\d{4,5}(\.0+)?$/.test(value)) {
    const serial = Number(value);
    if (serial > 10_000 && serial < 80_000)
      return new Date(excelEpoch + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

const ageText =
  /^(?:~|≈|about|approx\.?|approximately|circa|ca\.?|близько|приблизно|біля|около|примерно|ок\.?)?\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*(?:\+|years?|yrs?|y|р\.?|рік|роки|років|лет|год|года|г\.?)?\s*(?:old)?$/i;

/** An estimated age in whole years: "7", "about 7", "~7 years", "7-8" (the lower), "7 років", "около 7 лет". */
export function parseAge(text: string): number | undefined {
  const match = ageText.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return Number(match[1]);
}
