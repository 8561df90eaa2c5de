import type { RegistrationInput } from '../../src/domain/registration';

let counter = 0;

// Each call is a different child (the first is Zlata Kovalenko): the registry refuses a likely duplicate with 409.
const givenNames = [
  ['Zlata', 'Злата'],
  ['Bohdan', 'Богдан'],
  ['Myroslava', 'Мирослава'],
  ['Taras', 'Тарас'],
  ['Iryna', 'Ірина'],
  ['Ostap', 'Остап'],
  ['Fedir', 'Федір'],
  ['Ustym', 'Устим'],
  ['Khrystyna', 'Христина'],
  ['Yukhym', 'Юхим'],
  ['Nazar', 'Назар'],
  ['Ruslan', 'Руслан'],
  ['Svitlana', 'Світлана'],
  ['Arsen', 'Арсен'],
  ['Demyd', 'Демид'],
  ['Hlib', 'Гліб'],
  ['Vira', 'Віра'],
  ['Olesia', 'Олеся'],
  ['Semen', 'Семен'],
  ['Marta', 'Марта'],
  ['Kuzma', 'Кузьма'],
  ['Bozhena', 'Божена'],
  ['Tymur', 'Тимур'],
  ['Eva', 'Єва'],
] as const;
const familyNames = [
  ['Kovalenko', 'Коваленко'],
  ['Prykhodko', 'Приходько'],
  ['Yatsyk', 'Яцик'],
  ['Bilous', 'Білоус'],
] as const;

function childNames(call: number): Array<{ value: string; script: 'latin' | 'cyrillic' }> {
  const [given, givenCyrillic] = givenNames[(call - 1) % givenNames.length]!;
  const [family, familyCyrillic] = familyNames[Math.floor((call - 1) / givenNames.length) % familyNames.length]!;
  markPersonalData(given, givenCyrillic, family, familyCyrillic);
  return [
    { value: `${given} ${family}`, script: 'latin' },
    { value: `${givenCyrillic} ${familyCyrillic}`, script: 'cyrillic' },
  ];
}

/** Ten years and a few months before today: under the consent age whatever the date the suite runs on. */
export function fixtureBirthDate(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear() - 10, now.getUTCMonth() - 3, 1)).toISOString().slice(0, 10);
}

const birthDate = fixtureBirthDate();

/** A registration whose personal data is distinctive enough to search for in histories and logs. */
export function registration(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  counter += 1;
  return {
    organisation: { id: 'neutral-desk', reference: `REF-${process.pid}-${Date.now()}-${counter}` },
    child: {
      names: childNames(counter),
      birthDate,
      placeOfOrigin: { country: 'UA', locality: 'Mariupol' },
      currentLocation: { country: 'RU', facility: 'Facility 7' },
      language: 'uk',
    },
    claimants: [
      {
        id: 'mother',
        name: 'Oksana Kovalenko',
        relationship: 'mother',
        isLegalGuardian: true,
        country: 'UA',
        language: 'uk',
        email: 'oksana.kovalenko@example.org',
        phone: '+380 44 123 4567',
      },
    ],
    ...overrides,
  };
}

/**
 * Strings that must never appear in clear in a history, a log line, an ID or a search attribute. A test that
 * gives a child another birth date adds it with `markPersonalData`.
 */
export const personalDataMarkers: string[] = [
  'Zlata',
  'Злата',
  'Kovalenko',
  'Коваленко',
  birthDate,
  'Mariupol',
  'Facility 7',
  'oksana.kovalenko@example.org',
  '123 4567',
];

/** Adds values a test put in a registration itself, so the scans look for them too. */
export function markPersonalData(...values: string[]): void {
  for (const value of values) if (!personalDataMarkers.includes(value)) personalDataMarkers.push(value);
}
