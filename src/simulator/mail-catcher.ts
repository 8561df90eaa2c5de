/**
 * Mail in development: an SMTP server that accepts every message and writes it as an .eml file, and routes that
 * list the messages (`GET /mail`) and show one (`GET /mail/<file>`). No mail leaves the machine.
 */
import { mkdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  smtpUrl: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startMailCatcher(options: { dir: string; port: number; host?: string }): Promise<MailCatcher> {
  mkdirSync(options.dir, { recursive: true });
  let serial = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const file = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(++serial).padStart(4, '0')}.eml`;
        writeFile(join(options.dir, file), Buffer.concat(chunks)).then(
          () => callback(),
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
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `GET /mail` (JSON, or an HTML page for a browser) and `GET /mail/<file>` (the raw message). */
export function mailRoutes(dir: string) {
  return async (app: FastifyInstance) => {
    app.get('/mail', async (request, reply) => {
      mkdirSync(dir, { recursive: true });
      const files = (await readdir(dir))
        .filter((file) => file.endsWith('.eml'))
        .sort()
        .reverse();
      const messages = await Promise.all(
        files.slice(0, 200).map(async (file) => {
          const parsed = await simpleParser(await readFile(join(dir, file)), { skipHtmlToText: true });
          return {
            file,
            date: parsed.date?.toISOString(),
            to: parsed.to
              ? [parsed.to]
                  .flat()
                  .map((address) => address.text)
                  .join(', ')
              : '',
            subject: parsed.subject ?? '',
            messageId: parsed.messageId,
          };
        }),
      );
      if (!(request.headers.accept ?? '').includes('text/html')) return messages;
      const rows = messages
        .map(
          (message) =>
            `<tr><td>${escape(message.date ?? '')}</td><td>${escape(message.to)}</td><td><a href="/mail/${encodeURIComponent(message.file)}">${escape(message.subject)}</a></td></tr>`,
        )
        .join('\n');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Homeward mail</title><h1>Mail sent in development (${messages.length})</h1><table><tr><th>date</th><th>to</th><th>subject</th></tr>${rows}</table>`,
        );
    });
    app.get<{ Params: { file: string } }>('/mail/:file', async (request, reply) => {
      const file = request.params.file;
      if (!/^[\w.-]+\.eml$/.test(file)) return reply.code(404).send({ code: 'no-such-message' });
      const raw = await readFile(join(dir, file)).catch(() => undefined);
      if (!raw) return reply.code(404).send({ code: 'no-such-message' });
      return reply.type('text/plain; charset=utf-8').send(raw);
    });
  };
}
