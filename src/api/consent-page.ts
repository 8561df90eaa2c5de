/**
 * The consent page a guardian or child opens from their link: plain HTML in their language (Ukrainian, Russian,
 * English), readable by screen readers, working without JavaScript. It shows only the case number, the person's
 * role, what is asked and the deadline: nothing about the child's identity and nothing about any other child.
 */
import type { ConsentRole } from '../domain/case';
import { formatMoment } from '../notifications/templates';

export type PageLanguage = 'uk' | 'ru' | 'en';

interface Texts {
  title: string;
  noticeTitle: string;
  caseNumber: string;
  yourRole: string;
  roles: Record<ConsentRole, string>;
  question: Record<ConsentRole, string>;
  answerBy: (deadline: string) => string;
  yourAnswer: string;
  yes: string;
  no: string;
  views: string;
  viewsHint: string;
  /** Asked of the people who decide: may the child's health information go to those who care for them on the way? */
  healthSharing: string;
  healthYes: string;
  healthNo: string;
  send: string;
  chooseAnswer: string;
  thanksGiven: string;
  thanksRefused: string;
  alreadyAnswered: string;
  expired: (deadline: string) => string;
  notWaiting: string;
  invalid: string;
  tooMany: string;
  failed: string;
  questions: string;
}

const texts: Record<PageLanguage, Texts> = {
  uk: {
    title: 'Homeward: потрібна ваша відповідь',
    noticeTitle: 'Homeward: запит про згоду',
    caseNumber: 'Номер справи',
    yourRole: 'Ваша роль у справі',
    roles: { guardian: 'законний представник дитини', child: 'дитина', adult: 'повнолітня особа' },
    question: {
      guardian:
        'Чи даєте ви згоду на те, щоб дитина у цій справі в супроводі вирушила в дорогу й возз’єдналася зі своєю родиною?',
      child:
        'Чи погоджуєтеся ви вирушити в дорогу в супроводі, щоб возз’єднатися зі своєю родиною? Ви також можете написати, що думаєте: вашу думку буде записано за будь-якого рішення.',
      adult:
        'Ви досягли повноліття й вирішуєте самі. Чи погоджуєтеся ви вирушити в дорогу в супроводі, щоб возз’єднатися зі своєю родиною?',
    },
    answerBy: (deadline) => `Будь ласка, дайте відповідь до ${deadline}.`,
    yourAnswer: 'Ваша відповідь',
    yes: 'Так, я даю згоду',
    no: 'Ні, я не даю згоди',
    healthSharing:
      'Чи погоджуєтеся ви, щоб відомості про здоров’я дитини (алергії, ліки, стан здоров’я) отримали супровідник у дорозі та лікар, який прийме дитину? Ви можете відкликати цю згоду будь-коли.',
    healthYes: 'Так, передавати відомості про здоров’я',
    healthNo: 'Ні, не передавати',
    views: 'Ваша думка (необов’язково)',
    viewsHint: 'Напишіть, що ви думаєте або що для вас важливо.',
    send: 'Надіслати відповідь',
    chooseAnswer: 'Оберіть «Так» або «Ні», а потім надішліть відповідь.',
    thanksGiven: 'Дякуємо. Вашу згоду записано.',
    thanksRefused:
      'Дякуємо. Вашу відповідь записано. Незалежний рецензент розгляне справу, керуючись найкращими інтересами дитини.',
    alreadyAnswered:
      'Відповідь за цим посиланням уже надано. Якщо ви хочете змінити відповідь, зверніться до координатора вашої справи.',
    expired: (deadline) => `Термін дії цього посилання минув (${deadline}). Зверніться до координатора вашої справи.`,
    notWaiting: 'Зараз справа не очікує на цю відповідь. Координатор зв’яжеться з вами.',
    invalid: 'Це посилання недійсне. Перевірте, чи ви скопіювали його повністю, або зверніться до координатора.',
    tooMany: 'Забагато спроб. Зачекайте хвилину й спробуйте ще раз.',
    failed: 'Зараз не вдалося записати відповідь. Спробуйте ще раз трохи пізніше.',
    questions: 'Якщо у вас є запитання, зверніться до координатора, який надіслав вам це посилання.',
  },
  ru: {
    title: 'Homeward: нужен ваш ответ',
    noticeTitle: 'Homeward: запрос согласия',
    caseNumber: 'Номер дела',
    yourRole: 'Ваша роль в деле',
    roles: { guardian: 'законный представитель ребёнка', child: 'ребёнок', adult: 'совершеннолетний' },
    question: {
      guardian:
        'Даёте ли вы согласие на то, чтобы ребёнок по этому делу в сопровождении отправился в путь и воссоединился со своей семьёй?',
      child:
        'Согласны ли вы отправиться в путь в сопровождении, чтобы воссоединиться со своей семьёй? Вы также можете написать, что думаете: ваше мнение будет записано при любом решении.',
      adult:
        'Вы достигли совершеннолетия и решаете сами. Согласны ли вы отправиться в путь в сопровождении, чтобы воссоединиться со своей семьёй?',
    },
    answerBy: (deadline) => `Пожалуйста, ответьте до ${deadline}.`,
    yourAnswer: 'Ваш ответ',
    yes: 'Да, я даю согласие',
    no: 'Нет, я не даю согласия',
    healthSharing:
      'Согласны ли вы, чтобы сведения о здоровье ребёнка (аллергии, лекарства, состояние здоровья) получили сопровождающий в пути и врач, который примет ребёнка? Вы можете отозвать это согласие в любое время.',
    healthYes: 'Да, передавать сведения о здоровье',
    healthNo: 'Нет, не передавать',
    views: 'Ваше мнение (необязательно)',
    viewsHint: 'Напишите, что вы думаете или что для вас важно.',
    send: 'Отправить ответ',
    chooseAnswer: 'Выберите «Да» или «Нет», а затем отправьте ответ.',
    thanksGiven: 'Спасибо. Ваше согласие записано.',
    thanksRefused:
      'Спасибо. Ваш ответ записан. Независимый рецензент рассмотрит дело, исходя из наилучших интересов ребёнка.',
    alreadyAnswered:
      'Ответ по этой ссылке уже дан. Если вы хотите изменить ответ, обратитесь к координатору вашего дела.',
    expired: (deadline) => `Срок действия этой ссылки истёк (${deadline}). Обратитесь к координатору вашего дела.`,
    notWaiting: 'Сейчас дело не ожидает этого ответа. Координатор свяжется с вами.',
    invalid: 'Эта ссылка недействительна. Проверьте, что вы скопировали её полностью, или обратитесь к координатору.',
    tooMany: 'Слишком много попыток. Подождите минуту и попробуйте снова.',
    failed: 'Сейчас не удалось записать ответ. Попробуйте ещё раз немного позже.',
    questions: 'Если у вас есть вопросы, обратитесь к координатору, который отправил вам эту ссылку.',
  },
  en: {
    title: 'Homeward: your answer is needed',
    noticeTitle: 'Homeward: consent request',
    caseNumber: 'Case number',
    yourRole: 'Your role in this case',
    roles: { guardian: "the child's legal guardian", child: 'the child', adult: 'an adult deciding for yourself' },
    question: {
      guardian:
        'Do you consent to the child in this case travelling, with an escort, to be reunited with their family?',
      child:
        'Do you agree to travel, with an escort, to be reunited with your family? You can also write what you think: your views are recorded whatever you decide.',
      adult:
        'You are now an adult and decide for yourself. Do you agree to travel, with an escort, to be reunited with your family?',
    },
    answerBy: (deadline) => `Please answer by ${deadline}.`,
    yourAnswer: 'Your answer',
    yes: 'Yes, I consent',
    no: 'No, I do not consent',
    healthSharing:
      "Do you agree that the child's health information (allergies, medicines, conditions) goes to the escort on the journey and to the clinician who receives the child? You can withdraw this at any time.",
    healthYes: 'Yes, share the health information',
    healthNo: 'No, do not share it',
    views: 'Your views (optional)',
    viewsHint: 'Write what you think, or what matters to you.',
    send: 'Send my answer',
    chooseAnswer: 'Choose “Yes” or “No”, then send your answer.',
    thanksGiven: 'Thank you. Your consent has been recorded.',
    thanksRefused:
      "Thank you. Your answer has been recorded. A neutral reviewer will look at the case with the child's best interests first.",
    alreadyAnswered:
      'An answer has already been given with this link. If you want to change it, contact your case coordinator.',
    expired: (deadline) => `This link expired (${deadline}). Contact your case coordinator.`,
    notWaiting: 'The case is not waiting for this answer at the moment. Your coordinator will contact you.',
    invalid: 'This link is not valid. Check that you copied all of it, or contact your coordinator.',
    tooMany: 'Too many attempts. Wait a minute and try again.',
    failed: 'Your answer could not be recorded just now. Please try again a little later.',
    questions: 'If you have questions, contact the coordinator who sent you this link.',
  },
};

export const pageLanguages: PageLanguage[] = ['uk', 'ru', 'en'];

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );

/** The same words as the consent email uses for the same deadline. */
export const formatDeadline = (language: PageLanguage, at: number): string => formatMoment(language, at);

const style = `body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;color:#111;background:#fff;margin:0}
main{max-width:40rem;margin:0 auto;padding:1.5rem}h1{font-size:1.5rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0}fieldset{border:2px solid #444;border-radius:.5rem;padding:1rem;margin:1rem 0}
legend{font-weight:600;padding:0 .25rem}label{display:block;padding:.5rem 0}input[type=radio]{width:1.25rem;height:1.25rem;margin-right:.5rem;vertical-align:middle}
textarea{width:100%;min-height:6rem;font:inherit;box-sizing:border-box}button{font:inherit;padding:.75rem 1.5rem;background:#0b4f9c;color:#fff;border:0;border-radius:.4rem;cursor:pointer}
button:focus,input:focus,textarea:focus{outline:3px solid #e08a00;outline-offset:2px}.notice{border-left:4px solid #0b4f9c;padding:.5rem 1rem;background:#eef4fb}
.problem{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}.hint{color:#333;font-size:1rem}`;

function page(language: PageLanguage, title: string, main: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

export interface ConsentQuestion {
  language: PageLanguage;
  caseNumber: string;
  role: ConsentRole;
  expiresAt: number;
  /** The form posts back to the link it came from. */
  action: string;
  /** Shown when a sent form lacked an answer. */
  problem?: 'choose-answer';
}

export function consentQuestionPage(view: ConsentQuestion): string {
  const t = texts[view.language];
  const deadline = formatDeadline(view.language, view.expiresAt);
  const withViews = view.role !== 'guardian';
  const asksSharing = view.role !== 'child';
  return page(
    view.language,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
${view.problem ? `<p class="problem" role="alert" id="problem">${escapeHtml(t.chooseAnswer)}</p>` : ''}
<dl>
<dt>${escapeHtml(t.caseNumber)}</dt><dd>${escapeHtml(view.caseNumber)}</dd>
<dt>${escapeHtml(t.yourRole)}</dt><dd>${escapeHtml(t.roles[view.role])}</dd>
</dl>
<p id="question">${escapeHtml(t.question[view.role])}</p>
<p><strong>${escapeHtml(t.answerBy(deadline))}</strong></p>
<form method="post" action="${escapeHtml(view.action)}">
<fieldset aria-describedby="question">
<legend>${escapeHtml(t.yourAnswer)}</legend>
<label for="decision-given"><input type="radio" id="decision-given" name="decision" value="given" required>${escapeHtml(t.yes)}</label>
<label for="decision-refused"><input type="radio" id="decision-refused" name="decision" value="refused" required>${escapeHtml(t.no)}</label>
</fieldset>
${
  asksSharing
    ? `<fieldset>
<legend>${escapeHtml(t.healthSharing)}</legend>
<label for="health-given"><input type="radio" id="health-given" name="healthSharing" value="given">${escapeHtml(t.healthYes)}</label>
<label for="health-refused"><input type="radio" id="health-refused" name="healthSharing" value="refused">${escapeHtml(t.healthNo)}</label>
</fieldset>`
    : ''
}
${
  withViews
    ? `<p><label for="views">${escapeHtml(t.views)}</label>
<span class="hint" id="views-hint">${escapeHtml(t.viewsHint)}</span>
<textarea id="views" name="views" maxlength="2000" aria-describedby="views-hint"></textarea></p>`
    : ''
}
<p><button type="submit">${escapeHtml(t.send)}</button></p>
</form>
<p class="hint">${escapeHtml(t.questions)}</p>`,
  );
}

export type ConsentNotice =
  | { kind: 'given' | 'refused' | 'already-answered' | 'not-waiting' | 'too-many' | 'failed'; language: PageLanguage }
  | { kind: 'expired'; language: PageLanguage; expiresAt: number }
  | { kind: 'invalid'; language?: PageLanguage };

/** A page with one message; an invalid link has no language to go by, so it speaks all three. */
export function consentNoticePage(notice: ConsentNotice, caseNumber?: string): string {
  const message = (language: PageLanguage): string => {
    const t = texts[language];
    switch (notice.kind) {
      case 'given':
        return t.thanksGiven;
      case 'refused':
        return t.thanksRefused;
      case 'already-answered':
        return t.alreadyAnswered;
      case 'not-waiting':
        return t.notWaiting;
      case 'too-many':
        return t.tooMany;
      case 'failed':
        return t.failed;
      case 'expired':
        return t.expired(formatDeadline(language, notice.expiresAt));
      case 'invalid':
        return t.invalid;
    }
  };
  const problem = !['given', 'refused'].includes(notice.kind);
  const languages = notice.language ? [notice.language] : pageLanguages;
  const primary = languages[0]!;
  const caseLine = caseNumber
    ? `<dl><dt>${escapeHtml(texts[primary].caseNumber)}</dt><dd>${escapeHtml(caseNumber)}</dd></dl>\n`
    : '';
  const paragraphs = languages
    .map(
      (language) =>
        `<p class="${problem ? 'problem' : 'notice'}" lang="${language}"${problem ? ' role="alert"' : ' role="status"'}>${escapeHtml(message(language))}</p>`,
    )
    .join('\n');
  const title = texts[primary].noticeTitle;
  return page(primary, title, `<h1>${escapeHtml(title)}</h1>\n${caseLine}${paragraphs}`);
}
