/** `--help` for each command, in the three languages the desk works in. */
import type { Language } from './messages';

const common = {
  en: `Every command takes:
  --api URL     the Homeward API (HOMEWARD_API_URL; default http://localhost:3000)
  --key KEY     an API key (HOMEWARD_API_KEY)
  --lang LANG   en, uk or ru (default: from LANG, else en)
  --help        this text
Exit codes: 0 ok, 1 some rows or items failed, 2 usage error, 3 the API cannot be reached or refused the key.`,
  uk: `Кожна команда приймає:
  --api URL     API Homeward (HOMEWARD_API_URL; типово http://localhost:3000)
  --key KEY     ключ API (HOMEWARD_API_KEY)
  --lang LANG   en, uk або ru (типово: з LANG, інакше en)
  --help        цей текст
Коди виходу: 0 гаразд, 1 деякі рядки чи елементи не вдалися, 2 помилка використання, 3 API недоступний або відхилив ключ.`,
  ru: `Каждая команда принимает:
  --api URL     API Homeward (HOMEWARD_API_URL; по умолчанию http://localhost:3000)
  --key KEY     ключ API (HOMEWARD_API_KEY)
  --lang LANG   en, uk или ru (по умолчанию: из LANG, иначе en)
  --help        этот текст
Коды выхода: 0 хорошо, 1 некоторые строки или элементы не удались, 2 ошибка использования, 3 API недоступен или отклонил ключ.`,
};

const texts: Record<string, Record<Language, string>> = {
  homeward: {
    en: `homeward: the desk's command line for the Homeward API

  homeward import FILE        register a registry's list (CSV or XLSX) case by case
  homeward export WHAT        download cases, weekly figures or a case's audit trail
  homeward cases list         list cases by stage, escalation and country
  homeward cases show CASE    one case's state
  homeward audit verify X     check a case's audit trail (a case number or an exported file)
  homeward dashboard          the public weekly figures`,
    uk: `homeward: командний рядок деску для API Homeward

  homeward import FILE        зареєструвати список реєстру (CSV або XLSX) справа за справою
  homeward export WHAT        завантажити справи, тижневі показники або журнал аудиту справи
  homeward cases list         список справ за етапом, ескалацією та країною
  homeward cases show CASE    стан однієї справи
  homeward audit verify X     перевірити журнал аудиту (номер справи або експортований файл)
  homeward dashboard          публічні тижневі показники`,
    ru: `homeward: командная строка деска для API Homeward

  homeward import FILE        зарегистрировать список реестра (CSV или XLSX) дело за делом
  homeward export WHAT        скачать дела, недельные показатели или журнал аудита дела
  homeward cases list         список дел по этапу, эскалации и стране
  homeward cases show CASE    состояние одного дела
  homeward audit verify X     проверить журнал аудита (номер дела или экспортированный файл)
  homeward dashboard          публичные недельные показатели`,
  },
  import: {
    en: `homeward import FILE [options]: register every valid row of a CSV or XLSX file through POST /cases

  --mapping FILE        JSON mapping of columns to registration fields (default: the README's default mapping)
  --organisation ID     the registering organisation (or "organisation" in the mapping)
  --dry-run             check every row with the API's schema and report each problem; register nothing
  --result FILE         where each row's outcome goes, .jsonl or .csv (default: FILE.results.jsonl)
  --resume              skip the rows the result file already holds and append to it
  --concurrency N       registrations in flight (default 8)
  --sheet NAME          the XLSX worksheet (default: the first)
  --encoding ENC        utf-8 or windows-1251 (default: detected)
  --delimiter CHAR      the CSV delimiter (default: detected)
Each row is registered once, by its organisation reference: a re-run or a resumed run starts nothing twice. Rows
that look like a registered child or like another row of the file are set aside with their candidates.`,
    uk: `homeward import FILE [параметри]: зареєструвати кожен правильний рядок файлу CSV або XLSX через POST /cases

  --mapping FILE        JSON-відповідність стовпців полям реєстрації (типово: відповідність із README)
  --organisation ID     організація, що реєструє (або "organisation" у відповідності)
  --dry-run             перевірити кожен рядок схемою API і повідомити про кожну помилку; нічого не реєструвати
  --result FILE         куди записати результат кожного рядка, .jsonl або .csv (типово: FILE.results.jsonl)
  --resume              пропустити рядки, що вже є у файлі результатів, і дописати до нього
  --concurrency N       одночасних реєстрацій (типово 8)
  --sheet NAME          аркуш XLSX (типово: перший)
  --encoding ENC        utf-8 або windows-1251 (типово: визначається)
  --delimiter CHAR      роздільник CSV (типово: визначається)
Кожен рядок реєструється один раз за номером справи організації: повторний чи продовжений запуск нічого не
починає двічі. Рядки, схожі на зареєстровану дитину чи на інший рядок файлу, відкладаються з кандидатами.`,
    ru: `homeward import FILE [параметры]: зарегистрировать каждую правильную строку файла CSV или XLSX через POST /cases

  --mapping FILE        JSON-соответствие столбцов полям регистрации (по умолчанию: соответствие из README)
  --organisation ID     регистрирующая организация (или "organisation" в соответствии)
  --dry-run             проверить каждую строку схемой API и сообщить о каждой ошибке; ничего не регистрировать
  --result FILE         куда записать результат каждой строки, .jsonl или .csv (по умолчанию: FILE.results.jsonl)
  --resume              пропустить строки, уже записанные в файл результатов, и дописать в него
  --concurrency N       одновременных регистраций (по умолчанию 8)
  --sheet NAME          лист XLSX (по умолчанию: первый)
  --encoding ENC        utf-8 или windows-1251 (по умолчанию: определяется)
  --delimiter CHAR      разделитель CSV (по умолчанию: определяется)
Каждая строка регистрируется один раз по номеру дела организации: повторный или продолженный запуск ничего не
начинает дважды. Строки, похожие на зарегистрированного ребёнка или на другую строку файла, откладываются.`,
  },
  export: {
    en: `homeward export cases|weekly|audit [CASE] [options]: download through the API, streamed

  homeward export cases --format csv|xlsx|json    the case list (personal fields only for roles that may see them)
  homeward export weekly [--from 2026-W01] [--to 2026-W12]   the weekly figures as CSV (public)
  homeward export audit CASE --format csv|json    a case's audit trail
  --output FILE, -o FILE    write there (default: standard output)`,
    uk: `homeward export cases|weekly|audit [CASE] [параметри]: завантаження через API, потоком

  homeward export cases --format csv|xlsx|json    список справ (особисті поля лише для ролей, яким дозволено)
  homeward export weekly [--from 2026-W01] [--to 2026-W12]   тижневі показники у CSV (публічні)
  homeward export audit CASE --format csv|json    журнал аудиту справи
  --output FILE, -o FILE    записати туди (типово: стандартний вивід)`,
    ru: `homeward export cases|weekly|audit [CASE] [параметры]: загрузка через API, потоком

  homeward export cases --format csv|xlsx|json    список дел (личные поля только для ролей, которым разрешено)
  homeward export weekly [--from 2026-W01] [--to 2026-W12]   недельные показатели в CSV (публичные)
  homeward export audit CASE --format csv|json    журнал аудита дела
  --output FILE, -o FILE    записать туда (по умолчанию: стандартный вывод)`,
  },
  cases: {
    en: `homeward cases list [--stage S] [--escalated true|false] [--current-country UA] [--destination-country UA]
                    [--page-size N] [--page-token T] [--all] [--json]
homeward cases show CASE [--json]`,
    uk: `homeward cases list [--stage S] [--escalated true|false] [--current-country UA] [--destination-country UA]
                    [--page-size N] [--page-token T] [--all] [--json]
homeward cases show CASE [--json]`,
    ru: `homeward cases list [--stage S] [--escalated true|false] [--current-country UA] [--destination-country UA]
                    [--page-size N] [--page-token T] [--all] [--json]
homeward cases show CASE [--json]`,
  },
  audit: {
    en: `homeward audit verify CASE|FILE [--head HASH]: check an audit trail's hash chain
A case number fetches the trail from the API and checks it against the head the registry gives; a file (an export)
is checked offline, against --head when given. Exit 0 intact, 1 tampered.`,
    uk: `homeward audit verify CASE|FILE [--head HASH]: перевірити ланцюжок гешів журналу аудиту
Номер справи завантажує журнал з API і звіряє з головою, яку дає реєстр; файл (експорт) перевіряється без мережі,
з --head, якщо задано. Вихід 0 цілісний, 1 змінений.`,
    ru: `homeward audit verify CASE|FILE [--head HASH]: проверить цепочку хешей журнала аудита
Номер дела загружает журнал из API и сверяет с головой, которую даёт реестр; файл (экспорт) проверяется без сети,
с --head, если задан. Выход 0 целостный, 1 изменён.`,
  },
  dashboard: {
    en: `homeward dashboard [--week 2026-W47] [--json]: the public weekly figures, in total and per country pair`,
    uk: `homeward dashboard [--week 2026-W47] [--json]: публічні тижневі показники, загалом і за парами країн`,
    ru: `homeward dashboard [--week 2026-W47] [--json]: публичные недельные показатели, всего и по парам стран`,
  },
};

export function helpFor(command: string, language: Language): string {
  return `${(texts[command] ?? texts.homeward!)[language]}\n\n${common[language]}\n`;
}
