/**
 * One outside call: JSON over HTTP with a bearer token, an explicit timeout and the step's idempotency key.
 * A 4xx (except 408 and 429) or an answer that does not fit the contract is a `PartnerRejection`, never retried;
 * a 5xx, a timeout or a network failure is an ordinary error, which Temporal's retry policy retries.
 */
import { Context } from '@temporalio/activity';
import type { z } from 'zod';
import type { PartnerEndpoint } from '../../config';
import { PartnerRejection } from '../ports';

export interface PartnerCall<Schema extends z.ZodType> {
  party: string;
  endpoint: PartnerEndpoint;
  timeoutMs: number;
  path: string;
  body: unknown;
  idempotencyKey: string;
  /** The shape a successful answer must have; `undefined` for calls that answer nothing. */
  answer?: Schema;
}

/** Retryable: the party may answer on the next attempt. */
export class PartnerUnavailable extends Error {
  override name = 'PartnerUnavailable';
}

export async function callPartner<Schema extends z.ZodType>(call: PartnerCall<Schema>): Promise<z.output<Schema>> {
  const signals = [AbortSignal.timeout(call.timeoutMs)];
  const cancellation = activityCancellation();
  if (cancellation) signals.push(cancellation);
  let response: Response;
  try {
    response = await fetch(`${call.endpoint.url}${call.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': call.idempotencyKey,
        ...(call.endpoint.token ? { authorization: `Bearer ${call.endpoint.token}` } : {}),
      },
      body: JSON.stringify(call.body),
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${call.timeoutMs} ms`
        : `could not reach it (${(error as Error).message})`;
    throw new PartnerUnavailable(`${call.party}: ${reason} on ${call.path}`);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw new PartnerUnavailable(`${call.party} answered ${response.status} on ${call.path}`);
  }
  if (response.status >= 400) {
    throw new PartnerRejection(
      call.party,
      `${call.party} refused ${call.path}: ${response.status} ${brief(text)}`,
      response.status,
    );
  }
  if (!call.answer) return undefined as z.output<Schema>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PartnerRejection(call.party, `${call.party} answered ${call.path} with something other than JSON`);
  }
  const parsed = call.answer.safeParse(json);
  if (!parsed.success) {
    throw new PartnerRejection(
      call.party,
      `${call.party} answered ${call.path} outside the contract: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** A partner's error text may echo what we sent; keep only a short, code-like part of it. */
function brief(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: unknown; code?: unknown };
    const code = typeof json.code === 'string' ? json.code : typeof json.error === 'string' ? json.error : '';
    return /^[A-Za-z0-9 _.-]{1,80}$/.test(code) ? code : '';
  } catch {
    return '';
  }
}

function activityCancellation(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}
