import type { RegistrationInput } from '../../src/domain/registration';

let counter = 0;

/** A registration whose personal data is distinctive enough to search for in histories and logs. */
export function registration(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  counter += 1;
  return {
    organisation: { id: 'neutral-desk', reference: `REF-${process.pid}-${Date.now()}-${counter}` },
    child: {
      names: [
        { value: 'Zlata Kovalenko', script: 'latin' },
        { value: 'Злата Коваленко', script: 'cyrillic' },
      ],
      birthDate: '2015-04-17',
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

/** Strings that must never appear in clear in a history, a log line, an ID or a search attribute. */
export const personalDataMarkers = [
  'Zlata',
  'Злата',
  'Kovalenko',
  'Коваленко',
  '2015-04-17',
  'oksana.kovalenko@example.org',
  '123 4567',
];
