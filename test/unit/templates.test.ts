import { formatDeadline } from '../../src/api/consent-page';
import { renderNotification } from '../../src/notifications/templates';

const caseNumber = 'HW-2026-000123-K';
const deadline = '2026-12-15T05:39:36.534Z';

describe('notification wording', () => {
  it.each([
    ['uk', 'Будь ласка, дайте відповідь до: 15 грудня 2026 р. о 05:39 UTC'],
    ['ru', 'Пожалуйста, ответьте до: 15 декабря 2026 г. в 05:39 UTC'],
    ['en', 'Please answer by: 15 December 2026 at 05:39 UTC'],
  ] as const)('states the consent deadline in %s as the consent page does, not as a timestamp', (language, line) => {
    const { text, html } = renderNotification('consent-request', language, caseNumber, {
      link: 'https://homeward.example.org/consent/t',
      deadline,
    });
    expect(text).toContain(line);
    expect(text).toContain(formatDeadline(language, Date.parse(deadline)));
    expect(text).not.toContain(deadline);
    expect(html).not.toContain(deadline);
  });

  it.each([
    ['en', 'Escalation: incident reported', 'An incident was reported', 'Reason: an incident was reported'],
    ['uk', 'Ескалація: повідомлено про інцидент', 'повідомлено про інцидент', 'Причина: повідомлено про інцидент'],
    ['ru', 'Эскалация: сообщено об инциденте', 'сообщено об инциденте', 'Причина: сообщено об инциденте'],
  ] as const)(
    'escalates a reported incident in %s without saying a deadline passed',
    (language, title, intro, reason) => {
      const { subject, text } = renderNotification('escalation', language, caseNumber, {
        action: 'transit',
        cause: 'reported',
        level: '1',
      });
      expect(subject).toBe(`Homeward ${caseNumber}: ${title}`);
      expect(text).toContain(intro);
      expect(text).toContain(reason);
      expect(text).not.toMatch(/deadline|строк минув|срок истёк|: reported$/m);
    },
  );

  it('words a passed deadline and an unavailable registry as what they are', () => {
    const passed = renderNotification('escalation', 'en', caseNumber, {
      cause: 'deadline passed',
      dueAt: '2026-12-01T00:00:00.000Z',
    });
    expect(passed.subject).toBe(`Homeward ${caseNumber}: Escalation: deadline passed`);
    expect(passed.text).toContain('has passed without an answer');
    expect(passed.text).toContain('Due: 1 December 2026 at 00:00 UTC');
    const registry = renderNotification('escalation', 'uk', caseNumber, { cause: 'civil registry unavailable' });
    expect(registry.subject).toBe(`Homeward ${caseNumber}: Ескалація: реєстр недоступний`);
    expect(registry.text).toContain('Причина: реєстр був недоступний (civil)');
    expect(registry.text).not.toContain('минув');
  });
});
