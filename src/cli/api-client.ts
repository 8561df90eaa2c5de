/**
 * The command line's HTTP client: the key as a bearer token, JSON in and out, and a patient retry of 429 and 503
 * (honouring retry-after) and of a dropped connection. A refused key or an API that cannot be reached ends the
 * command with exit code 3.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, exitCode, type CliContext } from './context';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Needs the key (the default); public routes go without. */
  authorised?: boolean;
  /** How many times a 429 or 503 is tried. */
  attempts?: number;
  /** How many times a refused or dropped connection is tried (an API restarting takes a few seconds). */
  connectionAttempts?: number;
}

const retryable = new Set([429, 502, 503, 504]);

/** How long retry-after asks to wait, in ms (seconds or an HTTP date), bounded; an exponential backoff otherwise. */
export function retryDelay(header: string | null, attempt: number): number {
  const jitter = Math.random() * 250;
  if (header) {
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), 120_000) + jitter;
  }
  return Math.min(250 * 2 ** attempt, 10_000) + jitter;
}

export class ApiClient {
  constructor(private readonly context: CliContext) {}

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.authorised !== false) {
      if (!this.context.key) throw new CliError(exitCode.unreachable, this.context.t('noKey'));
      headers.authorization = `Bearer ${this.context.key}`;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  /** The raw response, after retries; the caller reads the body (a stream for exports). */
  async fetch(path: string, options: RequestOptions = {}): Promise<Response> {
    const attempts = options.attempts ?? 8;
    const url = `${this.context.api}${path}`;
    const init: RequestInit = {
      method: options.method ?? 'GET',
      headers: this.headers(options),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    };
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        if (attempt + 1 >= Math.min(attempts, options.connectionAttempts ?? 3)) {
          const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
          throw new CliError(
            exitCode.unreachable,
            this.context.t('unreachable', {
              api: this.context.api,
              reason: cause?.code ?? cause?.message ?? String(error),
            }),
          );
        }
        await sleep(retryDelay(null, attempt));
        continue;
      }
      if (retryable.has(response.status) && attempt + 1 < attempts) {
        await response.body?.cancel();
        await sleep(retryDelay(response.headers.get('retry-after'), attempt));
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new CliError(
          exitCode.unreachable,
          this.context.t('unauthorised', { status: response.status, reason: body.message ?? response.statusText }),
        );
      }
      return response;
    }
  }

  /** A JSON answer of any status: the caller decides what a 404 or 409 means. */
  async request<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    const response = await this.fetch(path, options);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an HTML error page from a proxy): keep the text for the message.
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /** A JSON answer that must be 2xx; anything else ends the command with the API's message. */
  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const answer = await this.request<T>(path, options);
    if (answer.status >= 400) throw this.failure(answer);
    return answer.body;
  }

  failure(answer: ApiAnswer): CliError {
    const body = answer.body as { message?: string } | string | undefined;
    const reason = typeof body === 'object' && body?.message ? body.message : String(body ?? '').slice(0, 200);
    return new CliError(
      answer.status >= 500 ? exitCode.unreachable : exitCode.someFailed,
      this.context.t('apiError', { status: answer.status, reason }),
    );
  }
}
