/**
 * Every word the desk shows, in English, Ukrainian and Russian. Each entry is a triple, so the compiler refuses a
 * string missing in any of the three. Country and language names come from Intl.DisplayNames.
 */
export const languages = ['en', 'uk', 'ru'] as const;
export type Language = (typeof languages)[number];

export type Tri = Record<Language, string>;
const tri = (en: string, uk: string, ru: string): Tri => ({ en, uk, ru });

export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** `{name}` placeholders filled from `values`. */
export function say(language: Language, text: Tri, values: Record<string, string | number> = {}): string {
  return text[language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The first of the person's Accept-Language languages the desk speaks. */
export function languageFromHeader(header: string | undefined): Language {
  for (const part of (header ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return 'en';
}

export const languageNames: Tri = tri('English', 'Українська', 'Русский');
export const nativeName: Record<Language, string> = { en: 'English', uk: 'Українська', ru: 'Русский' };

export const ui = {
  desk: tri('Homeward desk', 'Стіл Homeward', 'Стол Homeward'),
  skip: tri('Skip to the content', 'Перейти до змісту', 'Перейти к содержанию'),
  queue: tri('Work queue', 'Черга справ', 'Очередь дел'),
  register: tri('Register a child', 'Зареєструвати дитину', 'Зарегистрировать ребёнка'),
  signIn: tri('Sign in', 'Увійти', 'Войти'),
  signOut: tri('Sign out', 'Вийти', 'Выйти'),
  signedInAs: tri('Signed in as {who}', 'Ви увійшли як {who}', 'Вы вошли как {who}'),
  signInTitle: tri('Sign in to the Homeward desk', 'Вхід до столу Homeward', 'Вход в стол Homeward'),
  devAccounts: tri(
    'Development accounts: choose who you are. No key is needed; these accounts exist only while the development defaults are on.',
    'Облікові записи для розробки: оберіть, ким ви є. Ключ не потрібен; ці записи існують лише з увімкненими налаштуваннями розробки.',
    'Учётные записи для разработки: выберите, кто вы. Ключ не нужен; эти записи существуют только при включённых настройках разработки.',
  ),
  account: tri('Account', 'Обліковий запис', 'Учётная запись'),
  apiKeySignIn: tri(
    'Sign in with your Homeward key. The key is checked once and never stored in the browser.',
    'Увійдіть за допомогою свого ключа Homeward. Ключ перевіряється один раз і не зберігається в браузері.',
    'Войдите с помощью своего ключа Homeward. Ключ проверяется один раз и не хранится в браузере.',
  ),
  apiKey: tri('Your key', 'Ваш ключ', 'Ваш ключ'),
  language: tri('Language', 'Мова', 'Язык'),
  timeZone: tri('Time zone', 'Часовий пояс', 'Часовой пояс'),
  save: tri('Save', 'Зберегти', 'Сохранить'),
  preferences: tri('Language and time zone', 'Мова й часовий пояс', 'Язык и часовой пояс'),
  signInFailed: tri(
    'That did not work: choose an account, or check the key.',
    'Не вдалося: оберіть обліковий запис або перевірте ключ.',
    'Не получилось: выберите учётную запись или проверьте ключ.',
  ),
  tooManySignIns: tri(
    'Too many failed sign-ins from here. Wait {seconds} seconds, then try again.',
    'Забагато невдалих спроб входу звідси. Зачекайте {seconds} с і спробуйте знову.',
    'Слишком много неудачных попыток входа отсюда. Подождите {seconds} с и попробуйте снова.',
  ),
  signInNotForRole: tri(
    'A lab key cannot sign in to the desk: labs send results through the API.',
    'Ключем лабораторії не можна увійти до столу: лабораторії надсилають результати через API.',
    'С ключом лаборатории нельзя войти в стол: лаборатории отправляют результаты через API.',
  ),
  sessionEnded: tri(
    'Your session has ended. Sign in again to go on.',
    'Ваш сеанс завершився. Увійдіть знову, щоб продовжити.',
    'Ваш сеанс завершился. Войдите снова, чтобы продолжить.',
  ),
  signedOut: tri('You have signed out.', 'Ви вийшли.', 'Вы вышли.'),
  providerSignIn: tri(
    "Sign in with your organisation's account at {issuer}. You will come back here once it has confirmed who you are.",
    'Увійдіть через обліковий запис вашої організації на {issuer}. Ви повернетеся сюди, щойно там підтвердять, хто ви.',
    'Войдите через учётную запись вашей организации на {issuer}. Вы вернётесь сюда, как только там подтвердят, кто вы.',
  ),
  providerSignInIncomplete: tri(
    'The sign-in did not complete (it took too long, or it was started in another window). Start again from the sign-in page.',
    'Вхід не завершився (він тривав надто довго або його почали в іншому вікні). Почніть знову зі сторінки входу.',
    'Вход не завершился (он длился слишком долго или его начали в другом окне). Начните снова со страницы входа.',
  ),
  providerNoRole: tri(
    'Your account has no Homeward role (coordinator, reviewer, supervisor or operator). Ask your identity administrator for one.',
    'Ваш обліковий запис не має ролі Homeward (координатор, рецензент, керівник чи оператор). Попросіть її в адміністратора облікових записів.',
    'У вашей учётной записи нет роли Homeward (координатор, рецензент, руководитель или оператор). Попросите её у администратора учётных записей.',
  ),
  providerNoOrganisation: tri(
    'Your account names no organisation, so Homeward cannot tell whose cases are yours. Ask your identity administrator to set it.',
    'Ваш обліковий запис не вказує організацію, тож Homeward не може визначити, які справи ваші. Попросіть адміністратора облікових записів її вказати.',
    'Ваша учётная запись не указывает организацию, поэтому Homeward не может определить, какие дела ваши. Попросите администратора учётных записей её указать.',
  ),
  providerUnavailable: tri(
    'The identity provider did not answer. Nothing is lost: try signing in again in a moment.',
    'Постачальник облікових записів не відповів. Нічого не втрачено: спробуйте увійти ще раз за мить.',
    'Поставщик учётных записей не ответил. Ничего не потеряно: попробуйте войти ещё раз через мгновение.',
  ),
  signedInContinue: tri(
    'You are signed in. Continue to the desk.',
    'Ви увійшли. Перейти до столу.',
    'Вы вошли. Перейти к столу.',
  ),
  staleForm: tri(
    'This form is out of date (the page was open for a long time, or you signed in again). Nothing was recorded: check the page and send it again.',
    'Ця форма застаріла (сторінка була відкрита надто довго або ви увійшли знову). Нічого не записано: перевірте сторінку й надішліть ще раз.',
    'Эта форма устарела (страница была открыта слишком долго или вы вошли снова). Ничего не записано: проверьте страницу и отправьте ещё раз.',
  ),
  // queue
  queueFor: tri(
    'Waiting on you and the parties the desk chases',
    'Очікують на вас і на сторони, яких підганяє стіл',
    'Ждут вас и стороны, которых торопит стол',
  ),
  queueForReviewer: tri(
    'Waiting on a neutral reviewer',
    'Очікують на незалежного рецензента',
    'Ждут независимого рецензента',
  ),
  queueForAll: tri(
    'Every open case that waits on someone',
    'Усі відкриті справи, що на когось очікують',
    'Все открытые дела, которые кого-то ждут',
  ),
  filters: tri('Filters', 'Фільтри', 'Фильтры'),
  apply: tri('Show', 'Показати', 'Показать'),
  clear: tri('Clear filters', 'Скинути фільтри', 'Сбросить фильтры'),
  any: tri('Any', 'Будь-який', 'Любой'),
  stage: tri('Stage', 'Етап', 'Этап'),
  waitingOn: tri('Waiting on', 'Очікує на', 'Ждёт'),
  waitingFor: tri('Waiting for', 'Що очікується', 'Что ожидается'),
  escalated: tri('Escalated', 'Ескальовано', 'Эскалировано'),
  escalatedOnly: tri('Escalated only', 'Лише ескальовані', 'Только эскалированные'),
  notEscalated: tri('Not escalated', 'Не ескальовані', 'Не эскалированные'),
  from: tri('From (where the child is)', 'Звідки (де дитина)', 'Откуда (где ребёнок)'),
  to: tri('To (where the family is)', 'Куди (де родина)', 'Куда (где семья)'),
  assignment: tri('Assignment', 'Призначення', 'Назначение'),
  assignedToMe: tri('Assigned to me', 'Призначені мені', 'Назначенные мне'),
  unassigned: tri('Unassigned', 'Не призначені', 'Не назначенные'),
  search: tri(
    'Case number or organisation reference',
    'Номер справи або номер організації',
    'Номер дела или номер организации',
  ),
  searchButton: tri('Find', 'Знайти', 'Найти'),
  searchResults: tri('Cases matching “{text}”', 'Справи за запитом «{text}»', 'Дела по запросу «{text}»'),
  noSearchResults: tri(
    'No case has that number or reference.',
    'Немає справи з таким номером.',
    'Нет дела с таким номером.',
  ),
  caseNumber: tri('Case', 'Справа', 'Дело'),
  deadline: tri('Deadline', 'Строк', 'Срок'),
  timeLeft: tri('Time left', 'Залишилося', 'Осталось'),
  overdue: tri('overdue', 'прострочено', 'просрочено'),
  escalationLevel: tri('Escalation', 'Ескалація', 'Эскалация'),
  level: tri('level {level}', 'рівень {level}', 'уровень {level}'),
  none: tri('none', 'немає', 'нет'),
  route: tri('Route', 'Маршрут', 'Маршрут'),
  assignedTo: tri('Assigned to', 'Відповідальний', 'Ответственный'),
  nobody: tri('nobody yet', 'ще нікого', 'пока никого'),
  claim: tri('Claim', 'Взяти собі', 'Взять себе'),
  claimCase: tri('Claim case {caseNumber}', 'Взяти справу {caseNumber}', 'Взять дело {caseNumber}'),
  assign: tri('Assign', 'Призначити', 'Назначить'),
  assignTo: tri('Assign to', 'Призначити', 'Назначить'),
  unassign: tri('Nobody', 'Нікому', 'Никому'),
  moreActions: tri('and {count} more', 'і ще {count}', 'и ещё {count}'),
  emptyQueue: tri('Nothing is waiting here.', 'Тут нічого не очікує.', 'Здесь ничего не ждёт.'),
  showing: tri('{from}–{to} of {total}', '{from}–{to} з {total}', '{from}–{to} из {total}'),
  previous: tri('Previous page', 'Попередня сторінка', 'Предыдущая страница'),
  next: tri('Next page', 'Наступна сторінка', 'Следующая страница'),
  pages: tri('Pages', 'Сторінки', 'Страницы'),
  open: tri('Open', 'Відкрити', 'Открыть'),
  // case page
  casePage: tri('Case {caseNumber}', 'Справа {caseNumber}', 'Дело {caseNumber}'),
  overview: tri('Overview', 'Огляд', 'Обзор'),
  outcome: tri('Outcome', 'Результат', 'Итог'),
  organisationReference: tri('Organisation reference', 'Номер організації', 'Номер организации'),
  registeredAt: tri('Registered', 'Зареєстровано', 'Зарегистрировано'),
  runBy: tri('Run by (coordinator)', 'Веде (координатор)', 'Ведёт (координатор)'),
  hold: tri('On hold since {since}', 'Призупинено з {since}', 'Приостановлено с {since}'),
  reason: tri('Reason', 'Причина', 'Причина'),
  child: tri('The child', 'Дитина', 'Ребёнок'),
  names: tri('Names', 'Імена', 'Имена'),
  birth: tri('Born', 'Дата народження', 'Дата рождения'),
  estimatedAge: tri('about {years} years old', 'близько {years} років', 'около {years} лет'),
  placeOfOrigin: tri('Place of origin', 'Звідки родом', 'Откуда родом'),
  currentLocation: tri('Where the child is now', 'Де дитина зараз', 'Где ребёнок сейчас'),
  claimants: tri('Claimants', 'Заявники', 'Заявители'),
  legalGuardian: tri('legal guardian', 'законний представник', 'законный представитель'),
  contact: tri('Contact', 'Контакт', 'Контакт'),
  documents: tri('Document references', 'Посилання на документи', 'Ссылки на документы'),
  personalWithheld: tri(
    'Personal data is not shown to operators: the child and the claimants appear only to coordinators, reviewers and supervisors.',
    'Операторам персональні дані не показуються: дитину й заявників бачать лише координатори, рецензенти й керівники.',
    'Операторам персональные данные не показываются: ребёнка и заявителей видят только координаторы, рецензенты и руководители.',
  ),
  pending: tri('Waiting now', 'Зараз очікується', 'Сейчас ожидается'),
  nothingPending: tri('The case is not waiting on anyone.', 'Справа ні на кого не очікує.', 'Дело никого не ждёт.'),
  remindersSent: tri('reminders sent: {count}', 'нагадувань: {count}', 'напоминаний: {count}'),
  recordChecks: tri('Record checks', 'Перевірки записів', 'Проверки записей'),
  noRecordChecks: tri('No record check yet.', 'Перевірок ще не було.', 'Проверок ещё не было.'),
  dna: tri('DNA', 'ДНК', 'ДНК'),
  dnaNotRequired: tri('DNA testing is not required.', 'ДНК-тест не потрібен.', 'ДНК-тест не требуется.'),
  dnaRequired: tri(
    'DNA testing is required: {reasons}.',
    'Потрібен ДНК-тест: {reasons}.',
    'Требуется ДНК-тест: {reasons}.',
  ),
  sample: tri(
    'Sample {sampleId} from {lab}, ordered {at}',
    'Зразок {sampleId} від {lab}, замовлено {at}',
    'Образец {sampleId} от {lab}, заказан {at}',
  ),
  awaitingResult: tri('awaiting the result', 'очікуємо результат', 'ждём результат'),
  result: tri(
    'result: {outcome} ({reference})',
    'результат: {outcome} ({reference})',
    'результат: {outcome} ({reference})',
  ),
  consents: tri('Consent', 'Згода', 'Согласие'),
  noConsents: tri('No consent asked yet.', 'Згоди ще не запитували.', 'Согласия ещё не запрашивали.'),
  asked: tri('asked {at}', 'запитано {at}', 'запрошено {at}'),
  notAsked: tri('not asked yet', 'ще не запитано', 'ещё не запрошено'),
  noAnswer: tri('no answer yet', 'відповіді ще немає', 'ответа ещё нет'),
  views: tri('Views', 'Думка', 'Мнение'),
  verification: tri('Verification', 'Верифікація', 'Верификация'),
  notVerified: tri('Not signed off yet.', 'Ще не підписано.', 'Ещё не подписано.'),
  signedOffBy: tri('{decision} by {who}, {at}', '{decision}: {who}, {at}', '{decision}: {who}, {at}'),
  disputes: tri('Disputes and reviews', 'Спори й перегляди', 'Споры и пересмотры'),
  noDisputes: tri('No dispute.', 'Спорів немає.', 'Споров нет.'),
  openedBy: tri('opened by {who}, {at}', 'відкрив {who}, {at}', 'открыл {who}, {at}'),
  decided: tri(
    'decided: {decision} by {who}, {at}',
    'рішення: {decision}, {who}, {at}',
    'решение: {decision}, {who}, {at}',
  ),
  undecided: tri('awaiting a decision', 'очікує рішення', 'ждёт решения'),
  bookings: tri('Bookings', 'Бронювання', 'Бронирования'),
  noBookings: tri('No booking.', 'Бронювань немає.', 'Бронирований нет.'),
  followUps: tri('Follow-up visits', 'Подальші візити', 'Последующие визиты'),
  noFollowUps: tri('Scheduled after the handover.', 'Плануються після передачі.', 'Планируются после передачи.'),
  due: tri('due {at}', 'строк {at}', 'срок {at}'),
  timeline: tri('Timeline', 'Хронологія', 'Хронология'),
  when: tri('When', 'Коли', 'Когда'),
  who: tri('Who', 'Хто', 'Кто'),
  what: tri('What happened', 'Що сталося', 'Что произошло'),
  actions: tri('What you can do', 'Що ви можете зробити', 'Что вы можете сделать'),
  noActions: tri(
    'Nothing you can record on this case at this stage.',
    'На цьому етапі ви нічого не можете записати в цій справі.',
    'На этом этапе вы ничего не можете записать в этом деле.',
  ),
  recorded: tri(
    'Recorded: {what}. The case is now in stage “{stage}”.',
    'Записано: {what}. Справа зараз на етапі «{stage}».',
    'Записано: {what}. Дело сейчас на этапе «{stage}».',
  ),
  assignedNotice: tri('Assignment recorded.', 'Призначення записано.', 'Назначение записано.'),
  refused: tri('The case refused this', 'Справа не прийняла це', 'Дело не приняло это'),
  fixFields: tri(
    'Check the fields marked below.',
    'Перевірте позначені нижче поля.',
    'Проверьте отмеченные ниже поля.',
  ),
  optional: tri('optional', 'необов’язково', 'необязательно'),
  send: tri('Send', 'Надіслати', 'Отправить'),
  auditLink: tri('Audit trail as a file', 'Журнал аудиту файлом', 'Журнал аудита файлом'),
  evidence: tri('Evidence for the sign-off', 'Докази для підпису', 'Доказательства для подписи'),
  fourEyes: tri(
    'Four eyes: you registered this case and run it as its coordinator ({who}), so you cannot sign it off or decide its disputes. Another reviewer must do it; the case will refuse your answer.',
    'Принцип чотирьох очей: ви зареєстрували цю справу й ведете її як координатор ({who}), тож не можете її підписати чи вирішувати її спори. Це має зробити інший рецензент; справа відхилить вашу відповідь.',
    'Принцип четырёх глаз: вы зарегистрировали это дело и ведёте его как координатор ({who}), поэтому не можете его подписать или решать его споры. Это должен сделать другой рецензент; дело отклонит ваш ответ.',
  ),
  fourEyesRefusal: tri(
    'Four eyes: the coordinator who runs a case never verifies it alone. Another reviewer must sign it off or decide it.',
    'Принцип чотирьох очей: координатор, який веде справу, ніколи не верифікує її сам. Підписати чи вирішити має інший рецензент.',
    'Принцип четырёх глаз: координатор, ведущий дело, никогда не верифицирует его сам. Подписать или решить должен другой рецензент.',
  ),
  // registration
  registerTitle: tri('Register a child', 'Реєстрація дитини', 'Регистрация ребёнка'),
  registerIntro: tri(
    'Everything about the child and the claimants is personal data: it is encrypted in the case and never appears in a log.',
    'Усе про дитину й заявників є персональними даними: вони зашифровані у справі й ніколи не потрапляють до журналів.',
    'Всё о ребёнке и заявителях — персональные данные: они зашифрованы в деле и никогда не попадают в журналы.',
  ),
  organisation: tri('Registering organisation', 'Організація, що реєструє', 'Регистрирующая организация'),
  nameN: tri('Name {n}', 'Ім’я {n}', 'Имя {n}'),
  claimantN: tri('Claimant {n}', 'Заявник {n}', 'Заявитель {n}'),
  registerButton: tri('Register', 'Зареєструвати', 'Зарегистрировать'),
  duplicatesTitle: tri(
    'This child may already be registered',
    'Цю дитину, можливо, вже зареєстровано',
    'Этот ребёнок, возможно, уже зарегистрирован',
  ),
  duplicatesIntro: tri(
    'The registry found cases that are likely the same child. Compare them with the new registration, then open the existing case if it is the same child, or register a new case if none is.',
    'Реєстр знайшов справи, що, ймовірно, стосуються тієї самої дитини. Порівняйте їх із новою реєстрацією, а потім відкрийте наявну справу, якщо це та сама дитина, або зареєструйте нову, якщо ні.',
    'Реестр нашёл дела, которые, вероятно, касаются того же ребёнка. Сравните их с новой регистрацией, затем откройте существующее дело, если это тот же ребёнок, или зарегистрируйте новое, если нет.',
  ),
  newRegistration: tri('New registration', 'Нова реєстрація', 'Новая регистрация'),
  field: tri('Field', 'Поле', 'Поле'),
  matches: tri('matches', 'збігається', 'совпадает'),
  differs: tri('differs', 'відрізняється', 'отличается'),
  nameSimilarity: tri('Name similarity', 'Схожість імен', 'Сходство имён'),
  birthAgreement: tri('Birth dates', 'Дати народження', 'Даты рождения'),
  birthSame: tri('the same', 'однакові', 'одинаковые'),
  birthClose: tri(
    'close (a week, a typo or day and month swapped)',
    'близькі (тиждень, описка чи переставлені день і місяць)',
    'близкие (неделя, опечатка или переставленные день и месяц)',
  ),
  birthEstimated: tri('within an estimated age', 'у межах оціненого віку', 'в пределах оценённого возраста'),
  sameChild: tri(
    'Same child: open case {caseNumber}',
    'Та сама дитина: відкрити справу {caseNumber}',
    'Тот же ребёнок: открыть дело {caseNumber}',
  ),
  unseenDuplicates: tri(
    'The registry also found {count} likely duplicate(s) among cases of other parties, which cannot be shown to you. If in doubt, ask the neutral desk to compare them.',
    'Реєстр також знайшов імовірні дублікати серед справ інших сторін ({count}), які вам не можна показати. Якщо маєте сумнів, попросіть нейтральний стіл їх порівняти.',
    'Реестр также нашёл вероятные дубликаты среди дел других сторон ({count}), которые вам нельзя показать. Если сомневаетесь, попросите нейтральный стол их сравнить.',
  ),
  registerDespiteUnseen: tri(
    'Register a new case all the same',
    'Усе одно зареєструвати нову справу',
    'Всё равно зарегистрировать новое дело',
  ),
  differentChild: tri(
    'A different child from every case above: register a new case',
    'Інша дитина, ніж у всіх справах вище: зареєструвати нову справу',
    'Другой ребёнок, чем во всех делах выше: зарегистрировать новое дело',
  ),
  linkedNotice: tri(
    'The registration was linked to this case as the same child: no second case was started.',
    'Реєстрацію пов’язано з цією справою як ту саму дитину: другу справу не відкрито.',
    'Регистрация связана с этим делом как тот же ребёнок: второе дело не открыто.',
  ),
  registeredNotice: tri('Case registered.', 'Справу зареєстровано.', 'Дело зарегистрировано.'),
  alreadyRegistered: tri(
    'This organisation reference was registered before: this is its case.',
    'Цей номер організації вже реєстрували: ось його справа.',
    'Этот номер организации уже регистрировали: вот его дело.',
  ),
  // errors
  notFound: tri('There is no such page or case.', 'Такої сторінки чи справи немає.', 'Такой страницы или дела нет.'),
  noSuchCase: tri(
    'There is no case {caseNumber}: check the number.',
    'Справи {caseNumber} немає: перевірте номер.',
    'Дела {caseNumber} нет: проверьте номер.',
  ),
  forbidden: tri('This is not open to your role.', 'Це недоступно для вашої ролі.', 'Это недоступно для вашей роли.'),
  badRequest: tri(
    'The request could not be read: go back and try again.',
    'Запит не вдалося прочитати: поверніться й спробуйте ще раз.',
    'Запрос не удалось прочитать: вернитесь и попробуйте ещё раз.',
  ),
  tooMany: tri(
    'Too many requests: wait a moment and try again.',
    'Забагато запитів: зачекайте трохи й спробуйте знову.',
    'Слишком много запросов: подождите немного и попробуйте снова.',
  ),
  unavailable: tri(
    'The case cannot answer just now (its worker may be restarting). Nothing is lost: try again in a moment.',
    'Справа зараз не може відповісти (її обробник, можливо, перезапускається). Нічого не втрачено: спробуйте ще раз за мить.',
    'Дело сейчас не может ответить (его обработчик, возможно, перезапускается). Ничего не потеряно: попробуйте ещё раз через мгновение.',
  ),
  failed: tri(
    'Something went wrong on our side; it has been logged.',
    'На нашому боці сталася помилка; її записано.',
    'На нашей стороне произошла ошибка; она записана.',
  ),
  backToQueue: tri('Back to the work queue', 'Назад до черги', 'Назад к очереди'),
  originalMessage: tri(
    'The case said (in English):',
    'Справа відповіла (англійською):',
    'Дело ответило (по-английски):',
  ),
} satisfies Record<string, Tri>;

/** How the case's refusals read: by kind, in the person's language. */
export const refusals = {
  closed: tri(
    'The case is closed: nothing more can be recorded on it.',
    'Справу закрито: у ній більше нічого не можна записати.',
    'Дело закрыто: в нём больше ничего нельзя записать.',
  ),
  onHold: tri(
    'The case is on hold: resume it first.',
    'Справу призупинено: спершу відновіть її.',
    'Дело приостановлено: сначала возобновите его.',
  ),
  wrongStage: tri(
    'This applies only in stage {allowed}; the case is now in stage “{stage}” (it may have moved on since the page was loaded).',
    'Це можливо лише на етапі {allowed}; справа зараз на етапі «{stage}» (можливо, вона просунулася, відколи сторінку завантажено).',
    'Это возможно только на этапе {allowed}; дело сейчас на этапе «{stage}» (возможно, оно продвинулось с тех пор, как страница загружена).',
  ),
  conflict: tri(
    'The case is not in a state where this applies.',
    'Справа не в тому стані, коли це можливо.',
    'Дело не в том состоянии, когда это возможно.',
  ),
  wrongParty: tri(
    'Your role may not do this on this case.',
    'Ваша роль не може цього робити в цій справі.',
    'Ваша роль не может делать это в этом деле.',
  ),
  invalid: tri(
    'The case could not accept this as sent.',
    'Справа не може прийняти це в такому вигляді.',
    'Дело не может принять это в таком виде.',
  ),
  alreadyRecorded: tri(
    'This is already recorded on the case.',
    'Це вже записано у справі.',
    'Это уже записано в деле.',
  ),
  notDueYet: tri(
    'This visit cannot be recorded yet: it is not due.',
    'Цей візит ще не можна записати: його строк не настав.',
    'Этот визит ещё нельзя записать: его срок не наступил.',
  ),
  duplicate: tri(
    'This child may already be registered: compare the cases below.',
    'Цю дитину, можливо, вже зареєстровано: порівняйте справи нижче.',
    'Этот ребёнок, возможно, уже зарегистрирован: сравните дела ниже.',
  ),
};

/** Form-field problems from the shared schemas, by kind. */
export const fieldProblems = {
  required: tri('This is needed.', 'Це потрібно заповнити.', 'Это нужно заполнить.'),
  tooLong: tri(
    'Too long: at most {max} characters.',
    'Задовго: щонайбільше {max} символів.',
    'Слишком длинно: не более {max} символов.',
  ),
  tooShort: tri('Too short.', 'Закоротко.', 'Слишком коротко.'),
  tooMany: tri('Too many: at most {max}.', 'Забагато: щонайбільше {max}.', 'Слишком много: не более {max}.'),
  format: tri('Not in the expected form.', 'Не в очікуваному форматі.', 'Не в ожидаемом формате.'),
  choose: tri('Choose one of the options.', 'Оберіть один із варіантів.', 'Выберите один из вариантов.'),
  number: tri(
    'Give a whole number between {min} and {max}.',
    'Вкажіть ціле число від {min} до {max}.',
    'Укажите целое число от {min} до {max}.',
  ),
  email: tri(
    'Give an email address, like name@example.org.',
    'Вкажіть електронну адресу, наприклад name@example.org.',
    'Укажите адрес электронной почты, например name@example.org.',
  ),
  date: tri('Give a real calendar date.', 'Вкажіть справжню дату.', 'Укажите настоящую дату.'),
  futureBirth: tri(
    'A birth date cannot be in the future.',
    'Дата народження не може бути в майбутньому.',
    'Дата рождения не может быть в будущем.',
  ),
  birthOrAge: tri(
    'Give either the birth date or an estimated age.',
    'Вкажіть дату народження або приблизний вік.',
    'Укажите дату рождения или примерный возраст.',
  ),
  ageContradicts: tri(
    'The estimated age contradicts the birth date: give one of them, or correct it.',
    'Приблизний вік суперечить даті народження: вкажіть щось одне або виправте.',
    'Примерный возраст противоречит дате рождения: укажите что-то одно или исправьте.',
  ),
  reachable: tri(
    'Give an email or a phone number so the claimant can be reached.',
    'Вкажіть електронну адресу або телефон, щоб із заявником можна було зв’язатися.',
    'Укажите адрес почты или телефон, чтобы с заявителем можно было связаться.',
  ),
  guardianFlag: tri(
    'A claimant whose relationship is legal guardian is a legal guardian: tick the box.',
    'Заявник, чий зв’язок — законний представник, є законним представником: позначте поле.',
    'Заявитель, чья связь — законный представитель, является законным представителем: отметьте поле.',
  ),
  nameLetters: tri(
    'A name is letters, with spaces, apostrophes, hyphens and dots.',
    'Ім’я складається з літер, пробілів, апострофів, дефісів і крапок.',
    'Имя состоит из букв, пробелов, апострофов, дефисов и точек.',
  ),
  claimantIdTwice: tri(
    'This claimant reference is used twice: give each claimant its own.',
    'Цей ідентифікатор заявника вжито двічі: дайте кожному свій.',
    'Этот идентификатор заявителя использован дважды: дайте каждому свой.',
  ),
  oneClaimant: tri(
    'A case needs at least one claimant.',
    'Справі потрібен хоча б один заявник.',
    'Делу нужен хотя бы один заявитель.',
  ),
  oneName: tri(
    'Give at least one name the child is known by.',
    'Вкажіть хоча б одне ім’я, під яким знають дитину.',
    'Укажите хотя бы одно имя, под которым знают ребёнка.',
  ),
  phone: tri(
    'A phone number has 6 to 15 digits, optionally starting with +.',
    'Номер телефону має від 6 до 15 цифр, може починатися з +.',
    'Номер телефона содержит от 6 до 15 цифр, может начинаться с +.',
  ),
  oneOf: tri(
    'Fill in at least one part of this form.',
    'Заповніть хоча б одну частину цієї форми.',
    'Заполните хотя бы одну часть этой формы.',
  ),
  oldest: tri(
    'A case tracks a child or young person: born less than 31 years ago.',
    'Справа стосується дитини чи молодої людини: народженої менш ніж 31 рік тому.',
    'Дело касается ребёнка или молодого человека: рождённого менее 31 года назад.',
  ),
  disguised: tri(
    'Control and text-direction characters are not allowed.',
    'Керівні символи й символи напрямку тексту не дозволені.',
    'Управляющие символы и символы направления текста не допускаются.',
  ),
  blank: tri(
    'Leave the field empty rather than filling it with spaces.',
    'Залиште поле порожнім, а не заповнюйте пробілами.',
    'Оставьте поле пустым, а не заполняйте пробелами.',
  ),
};

export const stages: Record<string, Tri> = {
  registered: tri('registered', 'зареєстровано', 'зарегистрировано'),
  identification: tri('identification', 'ідентифікація', 'идентификация'),
  'record-checks': tri('record checks', 'перевірка записів', 'проверка записей'),
  'dna-testing': tri('DNA testing', 'ДНК-тест', 'ДНК-тест'),
  verification: tri('verification', 'верифікація', 'верификация'),
  consent: tri('consent', 'згода', 'согласие'),
  'best-interests-review': tri('best-interests review', 'перегляд в інтересах дитини', 'пересмотр в интересах ребёнка'),
  dispute: tri('dispute', 'спір', 'спор'),
  'travel-documents': tri('travel documents', 'проїзні документи', 'проездные документы'),
  'transit-booking': tri('transit booking', 'бронювання переїзду', 'бронирование переезда'),
  departure: tri('departure', 'від’їзд', 'отъезд'),
  'in-transit': tri('in transit', 'у дорозі', 'в пути'),
  handover: tri('handover', 'передача', 'передача'),
  aftercare: tri('aftercare', 'подальший супровід', 'последующее сопровождение'),
  'on-hold': tri('on hold', 'призупинено', 'приостановлено'),
  closed: tri('closed', 'закрито', 'закрыто'),
};

export const outcomes: Record<string, Tri> = {
  reunited: tri('reunited', 'возз’єднано', 'воссоединён'),
  'not-a-match': tri('not a match', 'не збіг', 'не совпадение'),
  withdrawn: tri('withdrawn', 'відкликано', 'отозвано'),
  declined: tri('declined', 'відмовлено', 'отклонено'),
};

export const roles: Record<string, Tri> = {
  coordinator: tri('coordinator', 'координатор', 'координатор'),
  reviewer: tri('reviewer', 'рецензент', 'рецензент'),
  supervisor: tri('supervisor', 'керівник', 'руководитель'),
  operator: tri('operator', 'оператор', 'оператор'),
  lab: tri('lab', 'лабораторія', 'лаборатория'),
  guardian: tri('guardian', 'опікун', 'опекун'),
  child: tri('the child', 'дитина', 'ребёнок'),
  system: tri('Homeward', 'Homeward', 'Homeward'),
  registry: tri('a registry', 'реєстр', 'реестр'),
  escort: tri('the escort', 'супровід', 'сопровождающий'),
  clinician: tri('the clinician', 'лікар', 'врач'),
  authority: tri('the authorities', 'органи влади', 'органы власти'),
  'neutral-desk': tri(
    'the neutral coordination desk',
    'нейтральний координаційний стіл',
    'нейтральный координационный стол',
  ),
};

export const pendingKinds: Record<string, Tri> = {
  'identity-details': tri('missing identity details', 'відсутні дані про особу', 'недостающие данные о личности'),
  'record-check': tri('a record check', 'перевірка записів', 'проверка записей'),
  'lab-result': tri('a DNA result', 'результат ДНК', 'результат ДНК'),
  verification: tri('verification sign-off', 'підпис верифікації', 'подпись верификации'),
  consent: tri('consent', 'згода', 'согласие'),
  'travel-documents': tri('travel documents', 'проїзні документи', 'проездные документы'),
  departure: tri('departure', 'від’їзд', 'отъезд'),
  arrival: tri('arrival', 'прибуття', 'прибытие'),
  handover: tri('handover signatures', 'підписи передачі', 'подписи передачи'),
  'follow-up': tri('a follow-up visit', 'подальший візит', 'последующий визит'),
  'hold-review': tri('a review of the hold', 'перегляд призупинення', 'пересмотр приостановки'),
  dispute: tri('a dispute decision', 'рішення щодо спору', 'решение по спору'),
  'best-interests-review': tri(
    'a best-interests decision',
    'рішення в інтересах дитини',
    'решение в интересах ребёнка',
  ),
  transit: tri('transit booking', 'бронювання переїзду', 'бронирование переезда'),
};

export const registries: Record<string, Tri> = {
  civil: tri('civil registry', 'цивільний реєстр', 'гражданский реестр'),
  medical: tri('medical records', 'медичні записи', 'медицинские записи'),
  school: tri('school records', 'шкільні записи', 'школьные записи'),
};

export const checkOutcomes: Record<string, Tri> = {
  consistent: tri('consistent', 'узгоджується', 'согласуется'),
  contradictory: tri('contradictory', 'суперечить', 'противоречит'),
  'not-found': tri('not found', 'не знайдено', 'не найдено'),
  unavailable: tri('unavailable', 'недоступно', 'недоступно'),
  'no-reference': tri('not asked: no reference given', 'не запитано: немає посилання', 'не запрошено: нет ссылки'),
  match: tri('match', 'збіг', 'совпадение'),
  exclusion: tri('exclusion', 'виключення', 'исключение'),
  inconclusive: tri('inconclusive', 'непереконливо', 'неубедительно'),
};

export const dnaReasons: Record<string, Tri> = {
  'under-age': tri(
    'the child is too young to identify themselves',
    'дитина замала, щоб назвати себе',
    'ребёнок слишком мал, чтобы назвать себя',
  ),
  'documents-contradictory': tri(
    'the records contradict each other',
    'записи суперечать одне одному',
    'записи противоречат друг другу',
  ),
  'documents-inconclusive': tri(
    'no record confirms the identity',
    'жоден запис не підтверджує особу',
    'ни одна запись не подтверждает личность',
  ),
  'coordinator-request': tri('the coordinator asked for it', 'координатор попросив', 'координатор попросил'),
};

export const consentRoles: Record<string, Tri> = {
  guardian: tri('guardian', 'законний представник', 'законный представитель'),
  child: tri('the child', 'дитина', 'ребёнок'),
  adult: tri('the young adult', 'повнолітня особа', 'совершеннолетний'),
};

export const consentDecisions: Record<string, Tri> = {
  given: tri('given', 'надано', 'дано'),
  refused: tri('refused', 'відмовлено', 'отказано'),
  withdrawn: tri('withdrawn', 'відкликано', 'отозвано'),
};

export const disputeReasons: Record<string, Tri> = {
  'dna-exclusion': tri('DNA excludes the claimant', 'ДНК виключає заявника', 'ДНК исключает заявителя'),
  'contradictory-records': tri('contradictory records', 'суперечливі записи', 'противоречивые записи'),
  'competing-claim': tri('a competing claim', 'конкурентна заява', 'конкурирующее заявление'),
  'consent-refused': tri('consent refused', 'у згоді відмовлено', 'в согласии отказано'),
  coordinator: tri(
    'another concern of the coordinator',
    'інше занепокоєння координатора',
    'другое опасение координатора',
  ),
  'verification-rejected': tri('verification rejected', 'верифікацію відхилено', 'верификация отклонена'),
  'dna-inconclusive': tri('DNA inconclusive', 'ДНК непереконлива', 'ДНК неубедительна'),
  'consent-withdrawn': tri('consent withdrawn', 'згоду відкликано', 'согласие отозвано'),
};

export const decisions: Record<string, Tri> = {
  verified: tri('verified', 'верифіковано', 'верифицировано'),
  rejected: tri('rejected', 'відхилено', 'отклонено'),
  resume: tri('resume the case', 'продовжити справу', 'продолжить дело'),
  're-verify-records': tri(
    'send back to verification: check the records again',
    'повернути на верифікацію: перевірити записи знову',
    'вернуть на верификацию: проверить записи снова',
  ),
  're-verify-dna': tri(
    'send back to verification: test DNA again',
    'повернути на верифікацію: повторити ДНК-тест',
    'вернуть на верификацию: повторить ДНК-тест',
  ),
  'close-not-a-match': tri(
    'close the case as not a match (the child stays in care)',
    'закрити справу як не збіг (дитина лишається під опікою)',
    'закрыть дело как не совпадение (ребёнок остаётся под опекой)',
  ),
};

export const bookingKinds: Record<string, Tri> = {
  'travel-documents': tri('travel documents', 'проїзні документи', 'проездные документы'),
  transit: tri('escorted transit', 'переїзд у супроводі', 'переезд в сопровождении'),
};
export const bookingStatus: Record<string, Tri> = {
  active: tri('active', 'чинне', 'действует'),
  cancelled: tri('cancelled', 'скасовано', 'отменено'),
};
export const followUpStatus: Record<string, Tri> = {
  scheduled: tri('scheduled', 'заплановано', 'запланирован'),
  due: tri('due now', 'час провести', 'пора провести'),
  completed: tri('completed', 'проведено', 'проведён'),
  missed: tri('missed', 'пропущено', 'пропущен'),
};

/** Labels of form fields by their path in the shared schemas (array indices left out). */
export const fieldLabels: Record<string, Tri> = {
  'organisation.id': tri('Organisation', 'Організація', 'Организация'),
  'organisation.reference': tri('Your file reference', 'Ваш номер справи', 'Ваш номер дела'),
  'child.names.value': tri('Name', 'Ім’я', 'Имя'),
  'child.birthDate': tri('Date of birth', 'Дата народження', 'Дата рождения'),
  'child.estimatedAgeYears': tri(
    'Estimated age in years (when the birth date is unknown)',
    'Приблизний вік у роках (якщо дата невідома)',
    'Примерный возраст в годах (если дата неизвестна)',
  ),
  'child.placeOfOrigin.country': tri('Country of origin', 'Країна походження', 'Страна происхождения'),
  'child.placeOfOrigin.locality': tri(
    'Town or village of origin',
    'Населений пункт походження',
    'Населённый пункт происхождения',
  ),
  'child.currentLocation.country': tri(
    'Country where the child is now',
    'Країна, де дитина зараз',
    'Страна, где ребёнок сейчас',
  ),
  'child.currentLocation.facility': tri('Facility or address', 'Заклад або адреса', 'Учреждение или адрес'),
  'child.language': tri(
    'Language for messages to the child',
    'Мова повідомлень для дитини',
    'Язык сообщений для ребёнка',
  ),
  'child.email': tri(
    'Email (only for a young person who can be contacted directly)',
    'Ел. пошта (лише для молодої людини, з якою можна зв’язатися напряму)',
    'Эл. почта (только для молодого человека, с которым можно связаться напрямую)',
  ),
  'claimants.id': tri('Reference for this claimant', 'Ідентифікатор заявника', 'Идентификатор заявителя'),
  'claimants.name': tri('Full name', 'Повне ім’я', 'Полное имя'),
  'claimants.relationship': tri('Relationship to the child', 'Ким доводиться дитині', 'Кем приходится ребёнку'),
  'claimants.isLegalGuardian': tri('Legal guardian', 'Законний представник', 'Законный представитель'),
  'claimants.country': tri('Country where they live', 'Країна проживання', 'Страна проживания'),
  'claimants.language': tri('Language for messages', 'Мова повідомлень', 'Язык сообщений'),
  'claimants.email': tri('Email', 'Ел. пошта', 'Эл. почта'),
  'claimants.phone': tri('Phone', 'Телефон', 'Телефон'),
  'documents.civilRegistryReference': tri(
    'Civil registry reference',
    'Номер у цивільному реєстрі',
    'Номер в гражданском реестре',
  ),
  'documents.medicalRecordReference': tri(
    'Medical record reference',
    'Номер медичного запису',
    'Номер медицинской записи',
  ),
  'documents.schoolRecordReference': tri('School record reference', 'Номер шкільного запису', 'Номер школьной записи'),
  reason: tri('Reason', 'Причина', 'Причина'),
  note: tri('Note', 'Примітка', 'Примечание'),
  documentReference: tri('Travel document reference', 'Номер проїзного документа', 'Номер проездного документа'),
  event: tri('What happened', 'Що сталося', 'Что произошло'),
  signedBy: tri('Who signed', 'Хто підписав', 'Кто подписал'),
  followUpId: tri('Visit', 'Візит', 'Визит'),
  outcome: tri('Outcome', 'Результат', 'Итог'),
  areas: tri('Areas covered', 'Що охоплено', 'Что охвачено'),
  consenteeId: tri('Who withdrew consent', 'Хто відкликав згоду', 'Кто отозвал согласие'),
  decision: tri('Decision', 'Рішення', 'Решение'),
  disputeId: tri('Dispute', 'Спір', 'Спор'),
  assignee: tri('Coordinator', 'Координатор', 'Координатор'),
};

/** Labels of enum values, by field name then value (values not listed fall back to the general word lists). */
export const optionLabels: Record<string, Record<string, Tri>> = {
  reason: {
    'competing-claim': disputeReasons['competing-claim']!,
    'contradictory-records': disputeReasons['contradictory-records']!,
    coordinator: disputeReasons.coordinator!,
  },
  event: {
    departed: tri('departed', 'вирушили', 'отправились'),
    incident: tri('an incident on the way', 'інцидент у дорозі', 'инцидент в пути'),
    arrived: tri('arrived', 'прибули', 'прибыли'),
  },
  signedBy: {
    escort: tri('the escort', 'супровідник', 'сопровождающий'),
    guardian: tri('the receiving guardian', 'опікун, що приймає', 'принимающий опекун'),
  },
  outcome: {
    completed: tri('completed', 'проведено', 'проведён'),
    missed: tri('missed', 'пропущено', 'пропущен'),
  },
  areas: {
    school: tri('school re-entry', 'повернення до школи', 'возвращение в школу'),
    counselling: tri('counselling', 'психологічна підтримка', 'психологическая поддержка'),
    medical: tri('medical check-up', 'медичний огляд', 'медицинский осмотр'),
  },
  decision: { ...decisions },
  relationship: {
    mother: tri('mother', 'мати', 'мать'),
    father: tri('father', 'батько', 'отец'),
    'legal-guardian': tri('legal guardian', 'законний представник', 'законный представитель'),
    grandparent: tri('grandparent', 'дідусь або бабуся', 'дедушка или бабушка'),
    sibling: tri('brother or sister', 'брат чи сестра', 'брат или сестра'),
    'aunt-uncle': tri('aunt or uncle', 'тітка чи дядько', 'тётя или дядя'),
    'other-relative': tri('another relative', 'інший родич', 'другой родственник'),
  },
};

/** What each case action is called on its form, and its button. */
export const actionTitles: Record<string, { title: Tri; button: Tri }> = {
  'identity-details': {
    title: tri('Supply identity details', 'Надати дані про особу', 'Предоставить данные о личности'),
    button: tri('Save the details', 'Зберегти дані', 'Сохранить данные'),
  },
  'dna-request': {
    title: tri('Ask for DNA testing', 'Замовити ДНК-тест', 'Заказать ДНК-тест'),
    button: tri('Ask for DNA testing', 'Замовити ДНК-тест', 'Заказать ДНК-тест'),
  },
  dispute: {
    title: tri(
      'Raise a dispute for a neutral reviewer',
      'Відкрити спір для незалежного рецензента',
      'Открыть спор для независимого рецензента',
    ),
    button: tri('Raise the dispute', 'Відкрити спір', 'Открыть спор'),
  },
  hold: {
    title: tri('Put the case on hold', 'Призупинити справу', 'Приостановить дело'),
    button: tri('Put on hold', 'Призупинити', 'Приостановить'),
  },
  resume: {
    title: tri('Resume the case', 'Відновити справу', 'Возобновить дело'),
    button: tri('Resume', 'Відновити', 'Возобновить'),
  },
  withdraw: {
    title: tri(
      'Withdraw the case (bookings are cancelled and the case closes)',
      'Відкликати справу (бронювання скасовуються, справа закривається)',
      'Отозвать дело (бронирования отменяются, дело закрывается)',
    ),
    button: tri('Withdraw the case', 'Відкликати справу', 'Отозвать дело'),
  },
  'travel-documents': {
    title: tri(
      'Record the travel documents as issued',
      'Записати видані проїзні документи',
      'Записать выданные проездные документы',
    ),
    button: tri('Record the documents', 'Записати документи', 'Записать документы'),
  },
  'transit-events': {
    title: tri('Record a transit event', 'Записати подію в дорозі', 'Записать событие в пути'),
    button: tri('Record the event', 'Записати подію', 'Записать событие'),
  },
  handover: {
    title: tri('Record a handover signature', 'Записати підпис передачі', 'Записать подпись передачи'),
    button: tri('Record the signature', 'Записати підпис', 'Записать подпись'),
  },
  'follow-ups': {
    title: tri('Record a follow-up visit', 'Записати подальший візит', 'Записать последующий визит'),
    button: tri('Record the visit', 'Записати візит', 'Записать визит'),
  },
  'consent-withdrawals': {
    title: tri(
      'Record a withdrawal of consent told to you',
      'Записати відкликання згоди, про яке вам повідомили',
      'Записать отзыв согласия, о котором вам сообщили',
    ),
    button: tri('Record the withdrawal', 'Записати відкликання', 'Записать отзыв'),
  },
  verification: {
    title: tri('Sign off the verification', 'Підписати верифікацію', 'Подписать верификацию'),
    button: tri('Send the sign-off', 'Надіслати підпис', 'Отправить подпись'),
  },
  'dispute-decision': {
    title: tri('Decide the dispute', 'Вирішити спір', 'Решить спор'),
    button: tri('Send the decision', 'Надіслати рішення', 'Отправить решение'),
  },
};

/** The identity-details form's three parts, each sent on its own. */
export const identitySections: Record<string, Tri> = {
  documents: tri('Document references', 'Посилання на документи', 'Ссылки на документы'),
  child: tri('Corrections to the child’s details', 'Виправлення даних дитини', 'Исправления данных ребёнка'),
  claimants: tri('The claimants (replaces the list)', 'Заявники (замінює список)', 'Заявители (заменяет список)'),
};

/** What each audit event is, in words; the details a person wrote are shown as they wrote them. */
export const eventWords: Record<string, Tri> = {
  'case-registered': tri('Case registered', 'Справу зареєстровано', 'Дело зарегистрировано'),
  'details-requested': tri(
    'Identity details requested from the coordinator',
    'У координатора запитано дані про особу',
    'У координатора запрошены данные о личности',
  ),
  'identity-details-provided': tri(
    'Identity details supplied',
    'Дані про особу надано',
    'Данные о личности предоставлены',
  ),
  'record-checks-completed': tri('Record checks complete', 'Перевірку записів завершено', 'Проверка записей завершена'),
  'identification-completed': tri('Identification complete', 'Ідентифікацію завершено', 'Идентификация завершена'),
  'record-checked': tri('Record checked', 'Запис перевірено', 'Запись проверена'),
  'dna-required': tri('DNA testing required', 'Потрібен ДНК-тест', 'Требуется ДНК-тест'),
  'dna-requested': tri('DNA testing asked for', 'Замовлено ДНК-тест', 'Заказан ДНК-тест'),
  'sample-ordered': tri('DNA sample ordered', 'Замовлено зразок ДНК', 'Заказан образец ДНК'),
  'dna-retest': tri('DNA retest ordered', 'Замовлено повторний ДНК-тест', 'Заказан повторный ДНК-тест'),
  'lab-result': tri('DNA result received', 'Отримано результат ДНК', 'Получен результат ДНК'),
  'lab-result-ignored': tri(
    'A lab result was set aside',
    'Результат лабораторії відкладено',
    'Результат лаборатории отложен',
  ),
  'identity-verified': tri(
    'Identity signed off as verified',
    'Особу підписано як верифіковану',
    'Личность подписана как верифицированная',
  ),
  'verification-rejected': tri('Verification rejected', 'Верифікацію відхилено', 'Верификация отклонена'),
  'consent-requested': tri('Consent asked for', 'Запитано згоду', 'Запрошено согласие'),
  'consent-asked-again': tri('Consent asked for again', 'Згоду запитано знову', 'Согласие запрошено снова'),
  'consent-given': tri('Consent given', 'Згоду надано', 'Согласие дано'),
  'consent-refused': tri('Consent refused', 'У згоді відмовлено', 'В согласии отказано'),
  'consent-withdrawn': tri('Consent withdrawn', 'Згоду відкликано', 'Согласие отозвано'),
  'consent-complete': tri('Every consent given', 'Усі згоди надано', 'Все согласия даны'),
  'dispute-opened': tri('Dispute opened', 'Спір відкрито', 'Спор открыт'),
  'dispute-decided': tri('Dispute decided', 'Спір вирішено', 'Спор решён'),
  'travel-documents-requested': tri(
    'Travel documents applied for',
    'Подано заяву на проїзні документи',
    'Подано заявление на проездные документы',
  ),
  'travel-documents-issued': tri('Travel documents issued', 'Проїзні документи видано', 'Проездные документы выданы'),
  'transit-booked': tri(
    'Escorted transit booked',
    'Переїзд у супроводі заброньовано',
    'Переезд в сопровождении забронирован',
  ),
  departed: tri('Departed', 'Вирушили', 'Отправились'),
  arrived: tri('Arrived', 'Прибули', 'Прибыли'),
  'transit-incident': tri('Incident on the way', 'Інцидент у дорозі', 'Инцидент в пути'),
  'handover-signed': tri('Handover signed', 'Передачу підписано', 'Передача подписана'),
  'handover-confirmed': tri(
    'Handover complete: the child is with the family',
    'Передачу завершено: дитина з родиною',
    'Передача завершена: ребёнок с семьёй',
  ),
  'follow-up-due': tri('Follow-up visit due', 'Настав час подальшого візиту', 'Наступил срок последующего визита'),
  'follow-up-completed': tri('Follow-up visit completed', 'Подальший візит проведено', 'Последующий визит проведён'),
  'follow-up-missed': tri('Follow-up visit missed', 'Подальший візит пропущено', 'Последующий визит пропущен'),
  'reminder-sent': tri('Reminder sent', 'Надіслано нагадування', 'Отправлено напоминание'),
  escalated: tri('Escalated', 'Ескальовано', 'Эскалировано'),
  'case-on-hold': tri('Put on hold', 'Призупинено', 'Приостановлено'),
  'case-resumed': tri('Resumed', 'Відновлено', 'Возобновлено'),
  'case-withdrawn': tri('Withdrawn', 'Відкликано', 'Отозвано'),
  'case-closed': tri('Case closed', 'Справу закрито', 'Дело закрыто'),
  'booking-cancelled': tri('Booking cancelled', 'Бронювання скасовано', 'Бронирование отменено'),
  'booking-cancellation-failed': tri(
    'A booking could not be cancelled',
    'Бронювання не вдалося скасувати',
    'Бронирование не удалось отменить',
  ),
  'duplicate-registration-linked': tri(
    'A second registration was linked to this case as the same child',
    'Другу реєстрацію пов’язано з цією справою як ту саму дитину',
    'Вторая регистрация связана с этим делом как тот же ребёнок',
  ),
  'duplicate-check-decided': tri(
    'Confirmed a different child from likely duplicates',
    'Підтверджено, що це інша дитина, ніж у ймовірних дублікатах',
    'Подтверждено, что это другой ребёнок, чем в вероятных дубликатах',
  ),
  'case-assigned': tri('Assigned', 'Призначено', 'Назначено'),
  'case-unassigned': tri('Assignment removed', 'Призначення знято', 'Назначение снято'),
  'audit-conflict': tri(
    'The registry refused an event: a person must check the trail',
    'Реєстр відхилив подію: людина має перевірити журнал',
    'Реестр отклонил событие: человек должен проверить журнал',
  ),
};
