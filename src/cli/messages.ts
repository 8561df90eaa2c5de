/**
 * What the command line says to a person, in English, Ukrainian and Russian. The language comes from `--lang`, else
 * from LC_ALL, LC_MESSAGES or LANG, else English. Validation messages that come from the registration schema (the
 * API's own words) stay in English.
 */
export const languages = ['en', 'uk', 'ru'] as const;
export type Language = (typeof languages)[number];

type Catalogue = Record<string, Record<Language, string>>;

const catalogue = {
  // General
  usageHint: {
    en: 'run "homeward {command} --help" for its options',
    uk: 'запустіть "homeward {command} --help", щоб побачити параметри',
    ru: 'запустите "homeward {command} --help", чтобы увидеть параметры',
  },
  unknownCommand: {
    en: 'unknown command "{command}"; the commands are: {commands}',
    uk: 'невідома команда "{command}"; команди: {commands}',
    ru: 'неизвестная команда "{command}"; команды: {commands}',
  },
  unknownOption: {
    en: 'unknown or malformed option: {detail}',
    uk: 'невідомий або неправильний параметр: {detail}',
    ru: 'неизвестный или неверный параметр: {detail}',
  },
  badValue: {
    en: '{option} must be one of: {choices}',
    uk: '{option} має бути одним із: {choices}',
    ru: '{option} должен быть одним из: {choices}',
  },
  badNumber: {
    en: '{option} must be a whole number from {min} to {max}',
    uk: '{option} має бути цілим числом від {min} до {max}',
    ru: '{option} должен быть целым числом от {min} до {max}',
  },
  missingArgument: {
    en: 'missing {what}',
    uk: 'не вказано: {what}',
    ru: 'не указано: {what}',
  },
  noKey: {
    en: 'no API key: pass --key or set HOMEWARD_API_KEY',
    uk: 'немає ключа API: передайте --key або задайте HOMEWARD_API_KEY',
    ru: 'нет ключа API: передайте --key или задайте HOMEWARD_API_KEY',
  },
  unreachable: {
    en: 'cannot reach the Homeward API at {api}: {reason}',
    uk: 'не вдається з’єднатися з API Homeward за адресою {api}: {reason}',
    ru: 'не удаётся подключиться к API Homeward по адресу {api}: {reason}',
  },
  unauthorised: {
    en: 'the API refused the key ({status}): {reason}',
    uk: 'API відхилив ключ ({status}): {reason}',
    ru: 'API отклонил ключ ({status}): {reason}',
  },
  apiError: {
    en: 'the API answered {status}: {reason}',
    uk: 'API відповів {status}: {reason}',
    ru: 'API ответил {status}: {reason}',
  },
  cannotRead: {
    en: 'cannot read {file}: {reason}',
    uk: 'не вдається прочитати {file}: {reason}',
    ru: 'не удаётся прочитать {file}: {reason}',
  },
  written: {
    en: 'written to {file}',
    uk: 'записано у {file}',
    ru: 'записано в {file}',
  },
  // Import
  importStarting: {
    en: 'importing {file} ({format}, {encoding}{delimiter}); results go to {result}',
    uk: 'імпорт {file} ({format}, {encoding}{delimiter}); результати — у {result}',
    ru: 'импорт {file} ({format}, {encoding}{delimiter}); результаты — в {result}',
  },
  dryRunStarting: {
    en: 'checking {file} ({format}, {encoding}{delimiter}) without registering anything',
    uk: 'перевірка {file} ({format}, {encoding}{delimiter}) без реєстрації',
    ru: 'проверка {file} ({format}, {encoding}{delimiter}) без регистрации',
  },
  delimiterIs: {
    en: ', delimiter "{delimiter}"',
    uk: ', роздільник "{delimiter}"',
    ru: ', разделитель "{delimiter}"',
  },
  resuming: {
    en: 'resuming: {count} rows were finished by an earlier run and are skipped',
    uk: 'продовження: {count} рядків уже оброблено попереднім запуском, їх пропущено',
    ru: 'продолжение: {count} строк уже обработано предыдущим запуском, они пропущены',
  },
  rowProblem: {
    en: 'row {row}, column {column}: {message}',
    uk: 'рядок {row}, стовпець {column}: {message}',
    ru: 'строка {row}, столбец {column}: {message}',
  },
  progressLine: {
    en: '{done} rows done ({percent}%), {rate} rows/s, about {left} left',
    uk: 'оброблено {done} рядків ({percent}%), {rate} рядків/с, залишилось близько {left}',
    ru: 'обработано {done} строк ({percent}%), {rate} строк/с, осталось около {left}',
  },
  summaryTitle: {
    en: '{rows} rows: {registered} registered ({created} new, {existing} already registered), {duplicates} set aside as likely duplicates, {invalid} invalid, {failed} failed',
    uk: '{rows} рядків: зареєстровано {registered} ({created} нових, {existing} уже були), {duplicates} відкладено як імовірні дублікати, {invalid} з помилками, {failed} не вдалося',
    ru: '{rows} строк: зарегистрировано {registered} ({created} новых, {existing} уже были), {duplicates} отложено как вероятные дубликаты, {invalid} с ошибками, {failed} не удалось',
  },
  dryRunSummary: {
    en: '{rows} rows checked: {valid} valid, {invalid} with problems; nothing was registered',
    uk: 'перевірено {rows} рядків: {valid} правильних, {invalid} з помилками; нічого не зареєстровано',
    ru: 'проверено {rows} строк: {valid} правильных, {invalid} с ошибками; ничего не зарегистрировано',
  },
  resultFileIs: {
    en: 'every row is in {file}',
    uk: 'кожен рядок — у {file}',
    ru: 'каждая строка — в {file}',
  },
  fileBroken: {
    en: 'the file stops being readable after row {row}: {reason}; the rows before it are recorded, fix the file and run again with --resume',
    uk: 'файл неможливо читати далі рядка {row}: {reason}; попередні рядки записано, виправте файл і запустіть знову з --resume',
    ru: 'файл невозможно читать дальше строки {row}: {reason}; предыдущие строки записаны, исправьте файл и запустите снова с --resume',
  },
  importStopped: {
    en: 'the import stopped: {reason}; every row finished so far is in the result file, run again with --resume',
    uk: 'імпорт зупинено: {reason}; усі оброблені рядки записано у файл результатів, запустіть знову з --resume',
    ru: 'импорт остановлен: {reason}; все обработанные строки записаны в файл результатов, запустите снова с --resume',
  },
  // Cases, audit, dashboard
  noCases: {
    en: 'no cases match',
    uk: 'жодної справи не знайдено',
    ru: 'ни одного дела не найдено',
  },
  moreCases: {
    en: 'more cases: pass --all, or --page-token {token}',
    uk: 'є ще справи: додайте --all або --page-token {token}',
    ru: 'есть ещё дела: добавьте --all или --page-token {token}',
  },
  auditIntact: {
    en: 'intact: case {caseNumber}, {count} entries, head {head}',
    uk: 'цілісний: справа {caseNumber}, {count} записів, голова {head}',
    ru: 'целостный: дело {caseNumber}, {count} записей, голова {head}',
  },
  auditTampered: {
    en: 'TAMPERED: case {caseNumber}, {count} finding(s)',
    uk: 'ЗМІНЕНО: справа {caseNumber}, знахідок: {count}',
    ru: 'ИЗМЕНЕНО: дело {caseNumber}, находок: {count}',
  },
  auditHeadChecked: {
    en: 'the head matches the one the registry gives',
    uk: 'голова збігається з тією, що дає реєстр',
    ru: 'голова совпадает с той, что даёт реестр',
  },
  dashboardTitle: {
    en: 'Week {week} ({from} to {to}); counts from 1 to 4 show as <5',
    uk: 'Тиждень {week} ({from} – {to}); кількості від 1 до 4 показано як <5',
    ru: 'Неделя {week} ({from} – {to}); количества от 1 до 4 показаны как <5',
  },
} satisfies Catalogue;

export type MessageKey = keyof typeof catalogue;

export function languageFrom(option: string | undefined, environment: NodeJS.ProcessEnv): Language | undefined {
  const given = option ?? environment.LC_ALL ?? environment.LC_MESSAGES ?? environment.LANG ?? '';
  const code = given.toLowerCase().slice(0, 2);
  if ((languages as readonly string[]).includes(code)) return code as Language;
  return option === undefined ? 'en' : undefined;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  return (key, values = {}) =>
    catalogue[key][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
