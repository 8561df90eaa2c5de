// Over 300 lines: every notification's text in Ukrainian, Russian and English side by side, so translations stay in step.
/**
 * Text and HTML for every notification kind in Ukrainian, Russian and English. A subject holds the case number and
 * a fixed title, nothing from `variables`, so no name can reach it. Only the variables named in `labels` are shown;
 * anything else a caller passes is left out.
 *
 * Variables each kind uses: consent-request and consent-reminder: `link` (required), `deadline`, `role`;
 * reminder and escalation: `stage`, `action`, `waitingOn`, `cause`, `dueAt`, `level`; staff tasks: `task`,
 * `consenteeId`, `reminder`, `kind`, `reference`; lab-sample-order: `sampleId` (required), `labId`,
 * `collectedBy`, `carrier`, `receivingLab`, `orderedAt`; follow-up-task: `followUpId`, `dueAt`, `areas`;
 * case-update: `stage`, `outcome`, `note`. Any kind may carry `link` (e.g. to the case in the API). Times
 * (`deadline`, `dueAt`, `orderedAt`) arrive as ISO timestamps and are written out in the recipient's language.
 */
import type { Language, NotificationKind } from '../activities/ports';
import { PartnerRejection } from '../activities/ports';

interface Wording {
  title: string;
  /** `{case}` is replaced by the case number. */
  intro: string;
}

const wording: Record<NotificationKind, Record<Language, Wording>> = {
  'consent-request': {
    en: {
      title: 'Consent requested',
      intro:
        'Homeward asks for your consent to the reunification in case {case}. Please read the details and answer through the link below.',
    },
    uk: {
      title: 'Запит на згоду',
      intro:
        "Homeward просить вашої згоди на возз'єднання у справі {case}. Будь ласка, ознайомтеся з подробицями та дайте відповідь за посиланням нижче.",
    },
    ru: {
      title: 'Запрос согласия',
      intro:
        'Homeward просит вашего согласия на воссоединение по делу {case}. Пожалуйста, ознакомьтесь с подробностями и ответьте по ссылке ниже.',
    },
  },
  'consent-reminder': {
    en: {
      title: 'Reminder: consent requested',
      intro:
        'We have not yet received your answer about the reunification in case {case}. Please answer through the link below.',
    },
    uk: {
      title: 'Нагадування: запит на згоду',
      intro:
        "Ми ще не отримали вашої відповіді щодо возз'єднання у справі {case}. Будь ласка, дайте відповідь за посиланням нижче.",
    },
    ru: {
      title: 'Напоминание: запрос согласия',
      intro: 'Мы ещё не получили вашего ответа о воссоединении по делу {case}. Пожалуйста, ответьте по ссылке ниже.',
    },
  },
  reminder: {
    en: { title: 'Reminder: action due', intro: 'Case {case} is waiting on an action that is due soon.' },
    uk: {
      title: 'Нагадування: наближається строк',
      intro: 'Справа {case} очікує на дію, строк якої незабаром спливає.',
    },
    ru: {
      title: 'Напоминание: приближается срок',
      intro: 'Дело {case} ожидает действия, срок которого скоро истекает.',
    },
  },
  escalation: {
    en: {
      title: 'Escalation: deadline passed',
      intro: 'A deadline in case {case} has passed without an answer and has been escalated to you.',
    },
    uk: {
      title: 'Ескалація: строк минув',
      intro: 'Строк у справі {case} минув без відповіді, і питання передано вам.',
    },
    ru: {
      title: 'Эскалация: срок истёк',
      intro: 'Срок по делу {case} истёк без ответа, и вопрос передан вам.',
    },
  },
  'lab-sample-order': {
    en: {
      title: 'DNA sample order',
      intro:
        'Please collect and test the DNA sample for case {case} under the chain of custody below, and post the result through the lab API.',
    },
    uk: {
      title: 'Замовлення зразка ДНК',
      intro:
        'Будь ласка, відберіть і дослідіть зразок ДНК у справі {case} з дотриманням ланцюга передачі, наведеного нижче, і надішліть результат через API лабораторії.',
    },
    ru: {
      title: 'Заказ образца ДНК',
      intro:
        'Пожалуйста, возьмите и исследуйте образец ДНК по делу {case} с соблюдением цепочки передачи, указанной ниже, и отправьте результат через API лаборатории.',
    },
  },
  'follow-up-task': {
    en: {
      title: 'Follow-up visit due',
      intro: 'A follow-up visit in case {case} is due: school re-entry, counselling and a medical check-up.',
    },
    uk: {
      title: 'Контрольний візит',
      intro:
        'Настає строк контрольного візиту у справі {case}: повернення до школи, психологічна підтримка та медичний огляд.',
    },
    ru: {
      title: 'Контрольный визит',
      intro:
        'Наступает срок контрольного визита по делу {case}: возвращение в школу, психологическая поддержка и медицинский осмотр.',
    },
  },
  'case-update': {
    en: { title: 'Case update', intro: 'There is news in case {case}.' },
    uk: { title: 'Оновлення справи', intro: 'У справі {case} є новини.' },
    ru: { title: 'Обновление дела', intro: 'По делу {case} есть новости.' },
  },
  'health-summary-available': {
    en: {
      title: 'Health summary for the child you receive',
      intro:
        'The child of case {case} has been handed over to your care. Their health summary and the reports received with them are in Homeward: open them through the link below (your access is recorded).',
    },
    uk: {
      title: 'Зведення про здоров’я дитини, яку ви приймаєте',
      intro:
        'Дитину у справі {case} передано під вашу опіку. Зведення про її здоров’я та отримані звіти є в Homeward: відкрийте їх за посиланням нижче (ваш доступ реєструється).',
    },
    ru: {
      title: 'Сводка о здоровье ребёнка, которого вы принимаете',
      intro:
        'Ребёнок по делу {case} передан под вашу опеку. Сводка о его здоровье и полученные отчёты находятся в Homeward: откройте их по ссылке ниже (ваш доступ регистрируется).',
    },
  },
};

/** Why an escalation came: the workflow's `cause`. Only a deadline that passed is worded as one. */
export type EscalationCause = 'deadline passed' | 'reported' | 'unavailable';

const escalationWording: Record<EscalationCause, Record<Language, Wording>> = {
  'deadline passed': wording.escalation,
  reported: {
    en: {
      title: 'Escalation: incident reported',
      intro:
        'An incident was reported in case {case} (on the journey, or a follow-up visit that did not take place) and has been escalated to you.',
    },
    uk: {
      title: 'Ескалація: повідомлено про інцидент',
      intro:
        'У справі {case} повідомлено про інцидент (під час подорожі або контрольний візит, що не відбувся), і питання передано вам.',
    },
    ru: {
      title: 'Эскалация: сообщено об инциденте',
      intro:
        'По делу {case} сообщено об инциденте (в пути или о несостоявшемся контрольном визите), и вопрос передан вам.',
    },
  },
  unavailable: {
    en: {
      title: 'Escalation: registry unavailable',
      intro: 'A registry could not be reached for the record checks in case {case}; this has been escalated to you.',
    },
    uk: {
      title: 'Ескалація: реєстр недоступний',
      intro: 'Під час перевірки записів у справі {case} реєстр був недоступний; питання передано вам.',
    },
    ru: {
      title: 'Эскалация: реестр недоступен',
      intro: 'При проверке записей по делу {case} реестр был недоступен; вопрос передан вам.',
    },
  },
};

/** The cause the workflow names (`deadline passed`, `reported`, `civil registry unavailable`) as one of the three. */
export function escalationCause(cause: string | undefined): EscalationCause {
  if (cause === 'reported') return 'reported';
  if (cause?.endsWith('unavailable')) return 'unavailable';
  return 'deadline passed';
}

const causeNames: Record<EscalationCause, Record<Language, string>> = {
  'deadline passed': { en: 'the deadline passed', uk: 'строк минув', ru: 'срок истёк' },
  reported: { en: 'an incident was reported', uk: 'повідомлено про інцидент', ru: 'сообщено об инциденте' },
  unavailable: { en: 'the registry was unavailable', uk: 'реєстр був недоступний', ru: 'реестр был недоступен' },
};

const locales: Record<Language, string> = { uk: 'uk-UA', ru: 'ru-RU', en: 'en-GB' };

/**
 * A moment as a person reads it in their language. In UTC, said so: Homeward does not know where a recipient
 * lives, and the consent page states the same deadline the same way.
 */
export function formatMoment(language: Language, at: number): string {
  const format = new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(new Date(at))} UTC`;
}

const momentLabels = new Set(['deadline', 'dueAt', 'orderedAt']);

const labels: Record<string, Record<Language, string>> = {
  deadline: { en: 'Please answer by', uk: 'Будь ласка, дайте відповідь до', ru: 'Пожалуйста, ответьте до' },
  role: { en: 'You are asked as', uk: 'Вас запитують як', ru: 'Вас спрашивают как' },
  task: { en: 'Task', uk: 'Завдання', ru: 'Задача' },
  action: { en: 'Waiting for', uk: 'Очікується', ru: 'Ожидается' },
  waitingOn: { en: 'Waiting on', uk: 'Від кого очікується', ru: 'От кого ожидается' },
  cause: { en: 'Reason', uk: 'Причина', ru: 'Причина' },
  consenteeId: { en: 'Person asked', uk: 'Кого запитують', ru: 'Кого спрашивают' },
  reminder: { en: 'Reminder', uk: 'Нагадування', ru: 'Напоминание' },
  kind: { en: 'Booking', uk: 'Бронювання', ru: 'Бронирование' },
  reference: { en: 'Reference', uk: 'Номер', ru: 'Номер' },
  dueAt: { en: 'Due', uk: 'Строк', ru: 'Срок' },
  level: { en: 'Escalation level', uk: 'Рівень ескалації', ru: 'Уровень эскалации' },
  sampleId: { en: 'Sample', uk: 'Зразок', ru: 'Образец' },
  labId: { en: 'Lab', uk: 'Лабораторія', ru: 'Лаборатория' },
  collectedBy: { en: 'Collected by', uk: 'Відбирає', ru: 'Отбирает' },
  carrier: { en: 'Carried by', uk: 'Доставляє', ru: 'Доставляет' },
  receivingLab: { en: 'Received by', uk: 'Приймає', ru: 'Принимает' },
  orderedAt: { en: 'Ordered at', uk: 'Замовлено', ru: 'Заказано' },
  followUpId: { en: 'Visit', uk: 'Візит', ru: 'Визит' },
  areas: { en: 'Areas', uk: 'Напрями', ru: 'Направления' },
  stage: { en: 'Stage', uk: 'Етап', ru: 'Этап' },
  outcome: { en: 'Outcome', uk: 'Результат', ru: 'Результат' },
  note: { en: 'Note', uk: 'Примітка', ru: 'Примечание' },
};

const roleNames: Record<string, Record<Language, string>> = {
  guardian: { en: 'legal guardian', uk: 'законний представник', ru: 'законный представитель' },
  child: { en: 'the child', uk: 'дитина', ru: 'ребёнок' },
  adult: { en: 'the young person', uk: 'молода особа', ru: 'молодой человек' },
};

const phrases: Record<'greeting' | 'link' | 'footer' | 'personalLink', Record<Language, string>> = {
  greeting: { en: 'Hello,', uk: 'Добрий день!', ru: 'Здравствуйте!' },
  link: { en: 'Open', uk: 'Відкрити', ru: 'Открыть' },
  footer: {
    en: 'This message was sent by Homeward.',
    uk: 'Це повідомлення надіслала система Homeward.',
    ru: 'Это сообщение отправила система Homeward.',
  },
  personalLink: {
    en: 'The link is personal: please do not forward this message.',
    uk: 'Посилання особисте: будь ласка, не пересилайте це повідомлення.',
    ru: 'Ссылка личная: пожалуйста, не пересылайте это сообщение.',
  },
};

const consentKinds: NotificationKind[] = ['consent-request', 'consent-reminder'];

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export function renderNotification(
  kind: NotificationKind,
  language: Language,
  caseNumber: string,
  variables: Record<string, string>,
): RenderedMessage {
  const words =
    kind === 'escalation' ? escalationWording[escalationCause(variables.cause)][language] : wording[kind][language];
  const link = variables.link;
  if (consentKinds.includes(kind) && !link) {
    throw new PartnerRejection('notifier', `a ${kind} needs a link to answer through`);
  }
  if (link && !/^https?:\/\/\S+$/.test(link)) throw new PartnerRejection('notifier', `the ${kind} link is not a URL`);
  if (kind === 'lab-sample-order' && !variables.sampleId) {
    throw new PartnerRejection('notifier', 'a lab-sample-order needs a sampleId');
  }
  const intro = words.intro.replace('{case}', caseNumber);
  const details = Object.keys(labels)
    .filter((name) => variables[name])
    .map((name) => [labels[name]![language], shown(name, variables[name]!, language)] as const);
  const closing = [phrases.footer[language], ...(consentKinds.includes(kind) ? [phrases.personalLink[language]] : [])];
  const text = [
    phrases.greeting[language],
    '',
    intro,
    '',
    ...details.map(([label, value]) => `${label}: ${value}`),
    ...(link ? ['', `${phrases.link[language]}: ${link}`] : []),
    '',
    '--',
    ...closing,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escape(words.title)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>${escape(phrases.greeting[language])}</p>
<p>${escape(intro)}</p>
${details.length ? `<table>${details.map(([label, value]) => `<tr><th align="left">${escape(label)}</th><td>${escape(value)}</td></tr>`).join('')}</table>` : ''}
${link ? `<p><a href="${escape(link)}">${escape(phrases.link[language])}</a></p>` : ''}
<hr><p style="color: #555">${closing.map(escape).join('<br>')}</p>
</body></html>
`;
  return { subject: `Homeward ${caseNumber}: ${words.title}`, text, html };
}

/** A variable's value in the recipient's words: a role or a cause by name, a moment as a date. */
function shown(name: string, value: string, language: Language): string {
  if (name === 'role') return roleNames[value]?.[language] ?? value;
  if (name === 'cause') {
    const cause = escalationCause(value);
    // A registry's own name stays in the reason: which registry did not answer is what the recipient acts on.
    return cause === 'unavailable'
      ? `${causeNames[cause][language]} (${value.split(' ')[0]})`
      : causeNames[cause][language];
  }
  if (momentLabels.has(name) && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)))
    return formatMoment(language, Date.parse(value));
  return value;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
