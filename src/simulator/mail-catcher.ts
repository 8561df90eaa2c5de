/**
 * Mail in development: an SMTP server that accepts every message, writes it as an .eml file and indexes its
 * headers, and routes that list the messages (`GET /mail`, filtered by `?case=` and `?kind=`) and show one
 * (`GET /mail/<file>`). No mail leaves the machine.
 */
import { mkdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  file: string;
  date?: string;
  to: string;
  subject: string;
  messageId?: string;
  caseNumber?: string;
  kind?: string;
}

export interface MailCatcher {
  smtpUrl: string;
  dir: string;
  /** Oldest first, including messages caught by earlier runs. */
  messages: CaughtMail[];
  stop(): Promise<void>;
}

async function index(dir: string, file: string): Promise<CaughtMail> {
  const parsed = await simpleParser(await readFile(join(dir, file)), { skipHtmlToText: true, skipTextToHtml: true });
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    file,
    ...(parsed.date ? { date: parsed.date.toISOString() } : {}),
    to: parsed.to
      ? [parsed.to]
          .flat()
          .map((address) => address.text)
          .join(', ')
      : '',
    subject: parsed.subject ?? '',
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    ...(header('x-homeward-case') ? { caseNumber: header('x-homeward-case') } : {}),
    ...(header('x-homeward-kind') ? { kind: header('x-homeward-kind') } : {}),
  };
}

export async function startMailCatcher(options: { dir: string; port: number; host?: string }): Promise<MailCatcher> {
  mkdirSync(options.dir, { recursive: true });
  const earlier = (await readdir(options.dir)).filter((file) => file.endsWith('.eml')).sort();
  const messages: CaughtMail[] = [];
  for (const file of earlier)
    messages.push(await index(options.dir, file).catch(() => ({ file, to: '', subject: '' })));
  let serial = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const file = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${String(++serial).padStart(5, '0')}.eml`;
        writeFile(join(options.dir, file), Buffer.concat(chunks))
          .then(() => index(options.dir, file))
          .then(
            (mail) => {
              messages.push(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://${host}:${port}`,
    dir: options.dir,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `GET /mail` (JSON, or an HTML page for a browser) and `GET /mail/<file>` (the raw message). */
export function mailRoutes(catcher: MailCatcher) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { case?: string; kind?: string } }>('/mail', async (request, reply) => {
      const { case: caseNumber, kind } = request.query;
      const messages = catcher.messages
        .filter((mail) => (!caseNumber || mail.caseNumber === caseNumber) && (!kind || mail.kind === kind))
        .slice()
        .reverse();
      if (!(request.headers.accept ?? '').includes('text/html')) return messages;
      const rows = messages
        .slice(0, 500)
        .map(
          (mail) =>
            `<tr><td>${escape(mail.date ?? '')}</td><td>${escape(mail.to)}</td><td><a href="/mail/${encodeURIComponent(mail.file)}">${escape(mail.subject)}</a></td></tr>`,
        )
        .join('\n');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Homeward mail</title><h1>Mail caught in development (${messages.length})</h1><table><tr><th>date</th><th>to</th><th>subject</th></tr>${rows}</table>`,
        );
    });
    app.get<{ Params: { file: string } }>('/mail/:file', async (request, reply) => {
      const file = request.params.file;
      if (!/^[\w.-]+\.eml$/.test(file)) return reply.code(404).send({ code: 'no-such-message' });
      const raw = await readFile(join(catcher.dir, file)).catch(() => undefined);
      if (!raw) return reply.code(404).send({ code: 'no-such-message' });
      return reply.type('text/plain; charset=utf-8').send(raw);
    });
  };
}
