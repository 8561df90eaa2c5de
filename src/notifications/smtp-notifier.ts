/**
 * The Notifier over SMTP (nodemailer). Each idempotency key is delivered once: the registry records the claim
 * before sending and the delivery after, and the Message-ID is derived from the key, so even a send repeated after
 * a crash between the two carries the same Message-ID and mail clients show it once.
 */
import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Notification, Notifier } from '../activities/ports';
import { PartnerRejection } from '../activities/ports';
import type { Db } from '../registry/db';
import { renderNotification } from './templates';

export interface SmtpNotifierOptions {
  smtpUrl: string;
  /** `Name <address>` or a bare address. */
  from: string;
  db: Db;
  /** After this long a claim whose sender never recorded the delivery (a crashed worker) may be taken over. */
  staleClaimSeconds?: number;
  /**
   * Which attempt of which sender is sending (the activity's run, ID and attempt; undefined outside an activity). A
   * later attempt of the same sender takes over that sender's claim at once: the attempt that left it has ended (it
   * failed to note the delivery, with PostgreSQL down, or was given up), and waiting for the claim to go stale held
   * the case for minutes while the retry policy's backoff overshot it.
   */
  attempt?: () => SendAttempt | undefined;
  /** How long noting a delivery is retried while the registry does not answer (default 20 s). */
  noteDeliveryForMs?: number;
}

export interface SendAttempt {
  sender: string;
  attempt: number;
}

export interface SmtpNotifier extends Notifier {
  close(): void;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'homeward.invalid';
  return `<${digest(idempotencyKey).slice(0, 40)}@${domain}>`;
}

export function createSmtpNotifier(options: SmtpNotifierOptions): SmtpNotifier {
  const transport: SMTPTransport.Options = {
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transporter: Transporter = createTransport(transport);
  const stale = options.staleClaimSeconds ?? 120;
  const { db } = options;
  const noteForMs = options.noteDeliveryForMs ?? 20_000;
  // The mail is out: a registry that is restarting gets a while to take the note, or the next attempt sends again.
  const noteDelivered = async (idempotencyKey: string) => {
    const giveUpAt = Date.now() + noteForMs;
    for (;;) {
      try {
        await db.query(`UPDATE sent_notifications SET status = 'sent', sent_at = now() WHERE idempotency_key = $1`, [
          idempotencyKey,
        ]);
        return;
      } catch (error) {
        if (Date.now() >= giveUpAt) throw error;
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
  };

  return {
    async send(notification: Notification) {
      const { kind, caseNumber, to, variables, idempotencyKey } = notification;
      const messageId = messageIdFor(idempotencyKey, options.from);
      const message = renderNotification(kind, to.language, caseNumber, variables);
      const attempt = options.attempt?.();
      const claimed = await db.query(
        `INSERT INTO sent_notifications
           (idempotency_key, message_id, case_number, kind, recipient_digest, language, status, claimed_by, claim_attempt)
         VALUES ($1, $2, $3, $4, $5, $6, 'sending', $8, $9)
         ON CONFLICT (idempotency_key) DO UPDATE
           SET claimed_at = now(), claimed_by = EXCLUDED.claimed_by, claim_attempt = EXCLUDED.claim_attempt
           WHERE sent_notifications.status = 'sending'
             AND (sent_notifications.claimed_at < now() - make_interval(secs => $7)
               OR (sent_notifications.claimed_by = EXCLUDED.claimed_by
                 AND sent_notifications.claim_attempt < EXCLUDED.claim_attempt))
         RETURNING idempotency_key`,
        [
          idempotencyKey,
          messageId,
          caseNumber,
          kind,
          digest(to.address.toLowerCase()),
          to.language,
          stale,
          attempt?.sender ?? null,
          attempt?.attempt ?? null,
        ],
      );
      if (claimed.rows.length === 0) {
        const { rows } = await db.query<{ status: string; message_id: string }>(
          'SELECT status, message_id FROM sent_notifications WHERE idempotency_key = $1',
          [idempotencyKey],
        );
        if (rows[0]?.status === 'sent') return { messageId: rows[0].message_id, duplicate: true };
        // Another sender is sending this very step right now; the retry policy tries again after it has finished.
        throw new Error(`a delivery of ${idempotencyKey} is in flight`);
      }
      try {
        await transporter.sendMail({
          from: options.from,
          to: to.address,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          headers: {
            'Content-Language': to.language,
            'Auto-Submitted': 'auto-generated',
            'X-Homeward-Case': caseNumber,
            'X-Homeward-Kind': kind,
          },
        });
      } catch (error) {
        await db
          .query(`DELETE FROM sent_notifications WHERE idempotency_key = $1 AND status = 'sending'`, [idempotencyKey])
          .catch(() => undefined);
        throw smtpFailure(error, kind, caseNumber);
      }
      await noteDelivered(idempotencyKey);
      return { messageId, duplicate: false };
    },
    close: () => transporter.close(),
  };
}

/** SMTP 5xx is permanent (no such mailbox, policy refusal); anything else may pass on retry. The server's own text
 * may quote the recipient's address, so it is never repeated. */
function smtpFailure(error: unknown, kind: string, caseNumber: string): Error {
  const code = (error as { responseCode?: number }).responseCode;
  if (code !== undefined && code >= 500 && code < 600) {
    return new PartnerRejection(
      'mail server',
      `the mail server refused the ${kind} for case ${caseNumber} (${code})`,
      code,
    );
  }
  const reason = code !== undefined ? `SMTP ${code}` : ((error as { code?: string }).code ?? 'no answer');
  return new Error(`the mail server did not take the ${kind} for case ${caseNumber} (${reason})`);
}
