import type { ParsedMail } from 'mailparser';
import { PartnerRejection, type Notification } from '../../src/activities/ports';
import { createSmtpNotifier, messageIdFor, type SendAttempt, type SmtpNotifier } from '../../src/notifications';
import { openPglite, type Db } from '../../src/registry/db';
import { personalDataMarkers } from '../support/fixtures';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const from = 'Homeward <no-reply@homeward.example.org>';
let smtp: TestSmtpServer;
let db: Db;
let notifier: SmtpNotifier;
let serial = 0;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  db = await openPglite();
  notifier = createSmtpNotifier({ smtpUrl: smtp.url, from, db });
});

afterAll(async () => {
  notifier.close();
  await smtp.stop();
  await db.close();
});

function consentRequest(language: 'uk' | 'ru' | 'en', overrides: Partial<Notification> = {}): Notification {
  serial += 1;
  const caseNumber = `HW-2026-${String(serial).padStart(6, '0')}`;
  return {
    kind: 'consent-request',
    caseNumber,
    to: { address: 'oksana.kovalenko@example.org', language },
    variables: {
      caseNumber,
      link: `https://homeward.example.org/consent/token-${serial}`,
      role: 'guardian',
      deadline: '2026-12-07T12:00:00.000Z',
      // A careless caller passing a name: it must reach neither the subject nor the body.
      childName: 'Zlata Kovalenko',
    },
    idempotencyKey: `${caseNumber}:consent-request-mother-1`,
    ...overrides,
  };
}

const delivered = (messageId: string): ParsedMail[] =>
  smtp.received.filter((mail) => mail.parsed.messageId === messageId).map((mail) => mail.parsed);

describe('the SMTP notifier', () => {
  it.each([
    ['uk', 'Запит на згоду', "Homeward просить вашої згоди на возз'єднання", 'законний представник'],
    ['ru', 'Запрос согласия', 'Homeward просит вашего согласия на воссоединение', 'законный представитель'],
    ['en', 'Consent requested', 'Homeward asks for your consent to the reunification', 'legal guardian'],
  ] as const)(
    'sends a consent request in %s with its link, and no personal data in the subject',
    async (language, title, intro, role) => {
      const notification = consentRequest(language);
      const sent = await notifier.send(notification);
      expect(sent).toEqual({ messageId: messageIdFor(notification.idempotencyKey, from), duplicate: false });

      const [mail] = delivered(sent.messageId);
      expect(mail).toBeDefined();
      expect(smtp.received.find((m) => m.parsed.messageId === sent.messageId)!.envelopeTo).toEqual([
        'oksana.kovalenko@example.org',
      ]);
      expect(mail!.subject).toBe(`Homeward ${notification.caseNumber}: ${title}`);
      expect(mail!.headers.get('content-language')).toBe(language);
      expect(mail!.text).toContain(intro);
      expect(mail!.text).toContain(notification.caseNumber);
      expect(mail!.text).toContain(role);
      expect(mail!.text).toContain(notification.variables.link);
      expect(mail!.html).toContain(`href="${notification.variables.link}"`);
      expect(mail!.html).toContain(`lang="${language}"`);
      for (const marker of personalDataMarkers) {
        expect(mail!.subject).not.toContain(marker);
        if (marker !== 'oksana.kovalenko@example.org') {
          expect(mail!.text).not.toContain(marker);
          expect(mail!.html).not.toContain(marker);
        }
      }
    },
  );

  it('delivers a repeated step once, answering the first message ID', async () => {
    const notification = consentRequest('uk');
    const first = await notifier.send(notification);
    const again = await notifier.send(notification);
    const concurrent = await Promise.allSettled([notifier.send(notification), notifier.send(notification)]);
    expect(again).toEqual({ messageId: first.messageId, duplicate: true });
    expect(concurrent.map((result) => result.status === 'fulfilled' && result.value.duplicate)).toEqual([true, true]);
    expect(delivered(first.messageId)).toHaveLength(1);
    const { rows } = await db.query<{ status: string; recipient_digest: string }>(
      'SELECT status, recipient_digest FROM sent_notifications WHERE idempotency_key = $1',
      [notification.idempotencyKey],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('sent');
    expect(rows[0]!.recipient_digest).not.toContain('oksana');
  });

  it('sends two attempts racing on a new step once', async () => {
    const notification = consentRequest('en');
    const results = await Promise.allSettled([notifier.send(notification), notifier.send(notification)]);
    // One sends; the other either sees the delivery or is told to retry while it is in flight, never a second mail.
    expect(results.filter((result) => result.status === 'fulfilled' && !result.value.duplicate)).toHaveLength(1);
    expect(delivered(messageIdFor(notification.idempotencyKey, from))).toHaveLength(1);
  });

  it('fills staff templates from their variables', async () => {
    serial += 1;
    const caseNumber = `HW-2026-${String(serial).padStart(6, '0')}`;
    const sent = await notifier.send({
      kind: 'lab-sample-order',
      caseNumber,
      to: { address: 'orders@lab-kyiv.example.org', language: 'uk' },
      variables: { sampleId: 'S-1', labId: 'lab-kyiv', collectedBy: 'coord-ana', receivingLab: 'lab-kyiv' },
      idempotencyKey: `${caseNumber}:dna-sample-S-1`,
    });
    const [mail] = delivered(sent.messageId);
    expect(mail!.subject).toBe(`Homeward ${caseNumber}: Замовлення зразка ДНК`);
    expect(mail!.text).toContain('Зразок: S-1');
    expect(mail!.text).toContain('Відбирає: coord-ana');

    const escalation = await notifier.send({
      kind: 'escalation',
      caseNumber,
      to: { address: 'supervisor@homeward.example.org', language: 'en' },
      variables: { action: 'consent:mother', level: '2', dueAt: '2026-12-01T00:00:00.000Z' },
      idempotencyKey: `${caseNumber}:escalation-consent-mother-2`,
    });
    const [escalated] = delivered(escalation.messageId);
    expect(escalated!.subject).toBe(`Homeward ${caseNumber}: Escalation: deadline passed`);
    expect(escalated!.text).toContain('Escalation level: 2');
  });

  it('refuses a consent request without a link, and sends nothing', async () => {
    const notification = consentRequest('ru');
    const { link: _link, ...withoutLink } = notification.variables;
    await expect(notifier.send({ ...notification, variables: withoutLink })).rejects.toBeInstanceOf(PartnerRejection);
    expect(delivered(messageIdFor(notification.idempotencyKey, from))).toHaveLength(0);
  });

  it('turns a permanent SMTP refusal into a PartnerRejection without the address, and can send after it', async () => {
    const notification = consentRequest('en', { to: { address: 'gone@example.org', language: 'en' } });
    smtp.refuse.add('gone@example.org');
    const error = await notifier.send(notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartnerRejection);
    expect((error as PartnerRejection).status).toBe(550);
    expect((error as Error).message).not.toContain('gone@example.org');
    smtp.refuse.delete('gone@example.org');
    // The failed attempt left no record behind, so the step can still be delivered.
    await expect(notifier.send(notification)).resolves.toMatchObject({ duplicate: false });
  });

  it('lets the next attempt of the sender whose note of a delivery was lost send again at once, and no one else', async () => {
    // PostgreSQL going away between the mail server's acceptance and the registry's note of it.
    let registryDown = false;
    const flaky: Db = {
      ...db,
      query: (sql, params) =>
        registryDown && sql.startsWith('UPDATE sent_notifications')
          ? Promise.reject(new Error('Connection terminated unexpectedly'))
          : db.query(sql, params),
    };
    let attempt: SendAttempt = { sender: 'run-1/12', attempt: 1 };
    const sender = createSmtpNotifier({
      smtpUrl: smtp.url,
      from,
      db: flaky,
      attempt: () => attempt,
      noteDeliveryForMs: 0,
    });
    const notification = consentRequest('uk');
    const messageId = messageIdFor(notification.idempotencyKey, from);
    registryDown = true;
    await expect(sender.send(notification)).rejects.toThrow('Connection terminated');
    registryDown = false;
    expect(delivered(messageId)).toHaveLength(1);

    // Another sender of the same step (a reset run) cannot tell whether the claim's sender is still at it: it waits.
    attempt = { sender: 'run-2/12', attempt: 4 };
    await expect(sender.send(notification)).rejects.toThrow('is in flight');
    // The same activity's next attempt knows the one before it has ended: it sends again, under the same Message-ID.
    attempt = { sender: 'run-1/12', attempt: 2 };
    await expect(sender.send(notification)).resolves.toEqual({ messageId, duplicate: false });
    attempt = { sender: 'run-1/12', attempt: 3 };
    await expect(sender.send(notification)).resolves.toEqual({ messageId, duplicate: true });
    expect(delivered(messageId)).toHaveLength(2);
    sender.close();
  });

  it('notes a delivery once the registry answers again, so a brief outage after the send does not repeat it', async () => {
    let refusals = 2;
    const restarting: Db = {
      ...db,
      query: (sql, params) =>
        sql.startsWith('UPDATE sent_notifications') && refusals-- > 0
          ? Promise.reject(new Error('connect ECONNREFUSED'))
          : db.query(sql, params),
    };
    const sender = createSmtpNotifier({ smtpUrl: smtp.url, from, db: restarting, noteDeliveryForMs: 5000 });
    const notification = consentRequest('ru');
    const sent = await sender.send(notification);
    expect(sent.duplicate).toBe(false);
    await expect(sender.send(notification)).resolves.toEqual({ messageId: sent.messageId, duplicate: true });
    expect(delivered(sent.messageId)).toHaveLength(1);
    sender.close();
  });

  it('treats an unreachable mail server as a transient failure', async () => {
    const unreachable = createSmtpNotifier({ smtpUrl: 'smtp://127.0.0.1:9', from, db });
    const error = await unreachable.send(consentRequest('uk')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PartnerRejection);
    unreachable.close();
  });
});
