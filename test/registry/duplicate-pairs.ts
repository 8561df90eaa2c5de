/**
 * Pairs of registrations for measuring duplicate detection: the same child written differently (Ukrainian and
 * Russian Cyrillic, national, passport, German, French and Polish romanisations, typos, swapped name order, a
 * mistyped birth date) and different children who look alike (siblings, twins, namesakes, cousins).
 * Names are invented.
 */
import type { Registration } from '../../src/domain/registration';
import type { Db } from '../../src/registry/db';
import {
  findLikelyDuplicates,
  linkageKeysFrom,
  recordDuplicateKeys,
  type LinkageKeys,
} from '../../src/registry/duplicates';
export interface PairChild {
  names: string[];
  birthDate?: string;
  estimatedAgeYears?: number;
  origin?: string;
}

export interface DuplicatePair {
  note: string;
  same: boolean;
  a: PairChild;
  b: PairChild;
}

const same = (note: string, a: PairChild, b: PairChild): DuplicatePair => ({ note, same: true, a, b });
const different = (note: string, a: PairChild, b: PairChild): DuplicatePair => ({ note, same: false, a, b });

export const duplicatePairs: DuplicatePair[] = [
  // The same child, transliterated differently.
  same(
    'Latin vs Ukrainian Cyrillic',
    { names: ['Zlata Kovalenko'], birthDate: '2015-04-17' },
    { names: ['Злата Коваленко'], birthDate: '2015-04-17' },
  ),
  same(
    'Ukrainian h vs Russian g',
    { names: ['Oleh Shevchenko'], birthDate: '2012-02-03' },
    { names: ['Oleg Shevchenko'], birthDate: '2012-02-03' },
  ),
  same(
    'German romanisation',
    { names: ['Олег Шевчук'], birthDate: '2013-06-21' },
    { names: ['Oleg Schewtschuk'], birthDate: '2013-06-21' },
  ),
  same(
    'Ukrainian and Russian forms of Yevhen',
    { names: ['Yevhen Zhuravel'], birthDate: '2011-09-30' },
    { names: ['Евгений Журавель'], birthDate: '2011-09-30' },
  ),
  same(
    'Mariia / Mariya / Мария',
    { names: ['Mariia Tkachuk'], birthDate: '2016-01-11' },
    { names: ['Мария Ткачук'], birthDate: '2016-01-11' },
  ),
  same(
    'French romanisation',
    { names: ['Maria Tkatchouk'], birthDate: '2016-03-14' },
    { names: ['Mariya Tkachuk'], birthDate: '2016-03-14' },
  ),
  same(
    'Yuliia vs Julija',
    { names: ['Yuliia Kharchenko'], birthDate: '2014-07-07' },
    { names: ['Юлия Харченко'], birthDate: '2014-07-07' },
  ),
  same(
    'Andrii / Andrey',
    { names: ['Andrii Kovalchuk'], birthDate: '2010-12-01' },
    { names: ['Андрей Ковальчук'], birthDate: '2010-12-01' },
  ),
  same(
    'Hanna / Anna',
    { names: ['Hanna Savchenko'], birthDate: '2017-05-19' },
    { names: ['Анна Савченко'], birthDate: '2017-05-19' },
  ),
  same(
    'Danylo / Daniil',
    { names: ['Danylo Tsybulskyi'], birthDate: '2013-11-02' },
    { names: ['Даниил Цыбульский'], birthDate: '2013-11-02' },
  ),
  same(
    'Kyrylo / Kirill',
    { names: ['Kyrylo Shcherbak'], birthDate: '2012-08-25' },
    { names: ['Кирилл Щербак'], birthDate: '2012-08-25' },
  ),
  same(
    'Mykola / Nikolai',
    { names: ['Mykola Bondarenko'], birthDate: '2011-04-04' },
    { names: ['Николай Бондаренко'], birthDate: '2011-04-04' },
  ),
  same(
    'Volodymyr / Vladimir',
    { names: ['Volodymyr Melnyk'], birthDate: '2010-10-10' },
    { names: ['Vladimir Melnik'], birthDate: '2010-10-10' },
  ),
  same(
    'Oleksandr / Aleksandr',
    { names: ['Oleksandr Kravchenko'], birthDate: '2014-02-28' },
    { names: ['Александр Кравченко'], birthDate: '2014-02-28' },
  ),
  same(
    'Olena / Elena',
    { names: ['Olena Lysenko'], birthDate: '2015-09-09' },
    { names: ['Елена Лысенко'], birthDate: '2015-09-09' },
  ),
  same(
    'Kateryna / Ekaterina',
    { names: ['Kateryna Moroz'], birthDate: '2016-12-24' },
    { names: ['Yekaterina Moroz'], birthDate: '2016-12-24' },
  ),
  same(
    'Tetiana / Tatyana',
    { names: ['Tetiana Polishchuk'], birthDate: '2013-03-03' },
    { names: ['Татьяна Полищук'], birthDate: '2013-03-03' },
  ),
  same(
    'Dmytro / Dmitriy',
    { names: ['Dmytro Marchenko'], birthDate: '2012-05-15' },
    { names: ['Dmitriy Marchenko'], birthDate: '2012-05-15' },
  ),
  same(
    'Serhii / Sergey',
    { names: ['Serhii Boiko'], birthDate: '2011-01-20' },
    { names: ['Sergey Boyko'], birthDate: '2011-01-20' },
  ),
  same(
    'Polish romanisation',
    { names: ['Sofiia Shevchuk'], birthDate: '2018-06-06' },
    { names: ['Zofia Szewczuk'], birthDate: '2018-06-06' },
  ),
  same(
    'Ukrainian vs Russian Cyrillic',
    { names: ['Олексій Гончаренко'], birthDate: '2014-10-31' },
    { names: ['Алексей Гончаренко'], birthDate: '2014-10-31' },
  ),
  same(
    'Ihor / Igor with -yi / -iy',
    { names: ['Ihor Zadorozhnyi'], birthDate: '2010-07-13' },
    { names: ['Igor Zadorozhniy'], birthDate: '2010-07-13' },
  ),
  same(
    'Viktoriia / Victoria',
    { names: ['Viktoriia Hrytsenko'], birthDate: '2015-11-11' },
    { names: ['Victoria Gritsenko'], birthDate: '2015-11-11' },
  ),
  same(
    'Maksym / Maxim',
    { names: ['Maksym Yakovenko'], birthDate: '2013-08-08' },
    { names: ['Maxim Iakovenko'], birthDate: '2013-08-08' },
  ),
  same(
    'Anastasiia / Anastasia, apostrophe',
    { names: ["Anastasiia Ocheret'ko"], birthDate: '2016-02-02' },
    { names: ['Анастасия Очеретько'], birthDate: '2016-02-02' },
  ),
  // The same child with typos, reordered names, patronymics or a mistyped birth date.
  same(
    'typo: swapped letters',
    { names: ['Bohdan Kovalenko'], birthDate: '2012-04-18' },
    { names: ['Bohdan Kovalneko'], birthDate: '2012-04-18' },
  ),
  same(
    'typo: missing letter',
    { names: ['Arsenii Dmytrenko'], birthDate: '2014-01-05' },
    { names: ['Arseni Dmitrenko'], birthDate: '2014-01-05' },
  ),
  same(
    'typo: doubled letter',
    { names: ['Vladyslav Rudenko'], birthDate: '2011-06-16' },
    { names: ['Vladyslav Ruddenko'], birthDate: '2011-06-16' },
  ),
  same(
    'family name first',
    { names: ['Petrenko Solomiia'], birthDate: '2017-09-01' },
    { names: ['Solomiia Petrenko'], birthDate: '2017-09-01' },
  ),
  same(
    'with and without patronymic',
    { names: ['Taras Mykolaiovych Pavlenko'], birthDate: '2010-03-23' },
    { names: ['Taras Pavlenko'], birthDate: '2010-03-23' },
  ),
  same(
    'Russian patronymic, Cyrillic',
    { names: ['Тимофей Андреевич Клименко'], birthDate: '2012-12-12' },
    { names: ['Tymofii Klymenko'], birthDate: '2012-12-12' },
  ),
  same(
    'birth date: one digit mistyped',
    { names: ['Yaroslav Savchuk'], birthDate: '2013-05-27' },
    { names: ['Yaroslav Savchuk'], birthDate: '2013-05-21' },
  ),
  same(
    'birth date: day and month swapped',
    { names: ['Iryna Kostenko'], birthDate: '2015-03-08' },
    { names: ['Ірина Костенко'], birthDate: '2015-08-03' },
  ),
  same(
    'birth date: a few days off',
    { names: ['Roman Tkachenko'], birthDate: '2014-09-14' },
    { names: ['Roman Tkachenko'], birthDate: '2014-09-17' },
  ),
  same(
    'birth date vs estimated age',
    { names: ['Nazar Oliinyk'], birthDate: '2016-07-19' },
    { names: ['Назар Олейник'], estimatedAgeYears: 10 },
  ),
  same(
    'both estimated ages',
    { names: ['Matvii Kuzmenko'], estimatedAgeYears: 7 },
    { names: ['Матвей Кузьменко'], estimatedAgeYears: 8 },
  ),
  same(
    'several names, one shared',
    { names: ['Eva Hnatiuk', 'Ева Гнатюк'], birthDate: '2019-02-14' },
    { names: ['Yeva Gnatyuk'], birthDate: '2019-02-14' },
  ),
  same(
    'hyphenated double family name',
    { names: ['Diana Koval-Marchuk'], birthDate: '2013-10-02' },
    { names: ['Диана Коваль Марчук'], birthDate: '2013-10-02' },
  ),
  same(
    'typo in Cyrillic',
    { names: ['Вероніка Литвиненко'], birthDate: '2015-01-30' },
    { names: ['Вероника Литвененко'], birthDate: '2015-01-30' },
  ),
  // Different children who look alike.
  different(
    'siblings: same family name and origin, different names and dates',
    { names: ['Zoriana Lukianenko'], birthDate: '2015-04-19' },
    { names: ['Maksym Lukianenko'], birthDate: '2013-02-09' },
  ),
  different(
    'twins: same family name and birth date',
    { names: ['Artem Fedorenko'], birthDate: '2014-06-01' },
    { names: ['Anton Fedorenko'], birthDate: '2014-06-01' },
  ),
  different(
    'twins with similar given names',
    { names: ['Mykhailo Sydorenko'], birthDate: '2016-11-20' },
    { names: ['Mykyta Sydorenko'], birthDate: '2016-11-20' },
  ),
  different(
    'namesakes born years apart',
    { names: ['Ivan Petrenko'], birthDate: '2011-03-15' },
    { names: ['Ivan Petrenko'], birthDate: '2016-08-15' },
  ),
  different(
    'namesakes from different countries',
    { names: ['Sofiia Melnyk'], birthDate: '2015-05-05', origin: 'UA' },
    { names: ['Sofiia Melnyk'], birthDate: '2015-05-05', origin: 'PL' },
  ),
  different(
    'same given name, similar family names',
    { names: ['Oleh Kovalenko'], birthDate: '2012-07-22' },
    { names: ['Oleh Kovalchuk'], birthDate: '2012-07-22' },
  ),
  different(
    'same family name, different given name, same year',
    { names: ['Daria Honchar'], birthDate: '2014-01-10' },
    { names: ['Diana Honchar'], birthDate: '2014-04-10' },
  ),
  different(
    'cousins: same surname, close birth dates',
    { names: ['Liliia Bondar'], birthDate: '2017-03-02' },
    { names: ['Lesia Bondar'], birthDate: '2017-03-05' },
  ),
  different(
    'similar names, different months',
    { names: ['Ilia Romanenko'], birthDate: '2013-02-11' },
    { names: ['Illia Romanenko'], birthDate: '2013-09-28' },
  ),
  different(
    'family names one letter apart',
    { names: ['Vasyl Ivanenko'], birthDate: '2010-05-18' },
    { names: ['Vasyl Ivashenko'], birthDate: '2010-05-18' },
  ),
  different(
    'estimated ages far apart',
    { names: ['Marko Levchenko'], estimatedAgeYears: 4 },
    { names: ['Marko Levchenko'], estimatedAgeYears: 11 },
  ),
  different(
    'brother and sister: Oleksandr / Oleksandra',
    { names: ['Oleksandr Hryshko'], birthDate: '2012-10-01' },
    { names: ['Oleksandra Hryshko'], birthDate: '2014-12-01' },
  ),
  different(
    'same common given name, different families',
    { names: ['Anna Shevchenko'], birthDate: '2016-04-04' },
    { names: ['Anna Savchenko'], birthDate: '2016-04-04' },
  ),
  different(
    'Cyrillic look-alikes, different families',
    { names: ['Кирило Мельник'], birthDate: '2011-11-11' },
    { names: ['Кирило Мельничук'], birthDate: '2011-11-11' },
  ),
  different(
    'similar surnames, a week apart',
    { names: ['Denys Kravets'], birthDate: '2015-08-01' },
    { names: ['Denys Kravchenko'], birthDate: '2015-08-06' },
  ),
  different(
    'twins: Yana and Yanina',
    { names: ['Yana Tarasenko'], birthDate: '2018-01-17' },
    { names: ['Yaryna Tarasenko'], birthDate: '2018-01-17' },
  ),
  different(
    'same name, birth dates two digits apart',
    { names: ['Stepan Hordiienko'], birthDate: '2013-04-12' },
    { names: ['Stepan Hordiienko'], birthDate: '2015-04-21' },
  ),
  different(
    'unrelated children, same date',
    { names: ['Alina Zinchenko'], birthDate: '2014-02-14' },
    { names: ['Bohdana Kushnir'], birthDate: '2014-02-14' },
  ),
  different(
    'same surname, estimated vs known, different given',
    { names: ['Timur Vovk'], estimatedAgeYears: 9 },
    { names: ['Taisiia Vovk'], birthDate: '2017-06-30' },
  ),
  different(
    'twins: Roman and Roksolana',
    { names: ['Roman Lytvyn'], birthDate: '2012-09-09' },
    { names: ['Roksolana Lytvyn'], birthDate: '2012-09-09' },
  ),
  different(
    'Pavlo vs Pavlyna, same family',
    { names: ['Pavlo Horbunov'], birthDate: '2016-10-10' },
    { names: ['Pavlyna Horbunova'], birthDate: '2016-10-12' },
  ),
];

export const registeredAt = new Date('2026-11-23T12:00:00Z');
const testKeys = linkageKeysFrom({ keys: [{ id: 'test-1', key: Buffer.alloc(32, 7) }] });

export const childOf = (pair: PairChild): Registration['child'] => ({
  names: pair.names.map((value) => ({ value, script: /[а-яіїєґ]/i.test(value) ? 'cyrillic' : 'latin' })),
  ...(pair.birthDate ? { birthDate: pair.birthDate } : {}),
  ...(pair.estimatedAgeYears !== undefined ? { estimatedAgeYears: pair.estimatedAgeYears } : {}),
  placeOfOrigin: { country: pair.origin ?? 'UA' },
  currentLocation: { country: 'RU' },
  language: 'uk',
});

/** Registers every pair's first child, then checks every second one against the whole registry. */
export async function measure(open: () => Promise<Db>, linkage: LinkageKeys = testKeys, pairs = duplicatePairs) {
  const db = await open();
  const caseOf = (index: number) => `HW-2026-${String(index + 1).padStart(6, '0')}-X`;
  for (const [index, pair] of pairs.entries()) {
    await recordDuplicateKeys(db, caseOf(index), childOf(pair.a), linkage, registeredAt);
  }
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const mistakes: string[] = [];
  for (const [index, pair] of pairs.entries()) {
    const found = (await findLikelyDuplicates(db, childOf(pair.b), linkage, registeredAt)).map((c) => c.caseNumber);
    const hit = found.includes(caseOf(index));
    if (pair.same && hit) truePositives += 1;
    if (pair.same && !hit) {
      falseNegatives += 1;
      mistakes.push(`missed: ${pair.note}`);
    }
    if (!pair.same && hit) {
      falsePositives += 1;
      mistakes.push(`flagged: ${pair.note}`);
    }
    const strays = found.filter((caseNumber) => caseNumber !== caseOf(index));
    falsePositives += strays.length;
    if (strays.length) mistakes.push(`flagged another pair's child: ${pair.note}`);
  }
  return {
    pairs: pairs.length,
    precision: truePositives / (truePositives + falsePositives),
    recall: truePositives / (truePositives + falseNegatives),
    mistakes,
  };
}
