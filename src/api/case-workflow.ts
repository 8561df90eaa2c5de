/** How route plugins talk to a case's workflow: query it, send it messages, and turn what Temporal throws into answers. */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseState, MessageAnswer } from '../domain/case';
import { workflowIdFor } from '../domain/case-number';
import { caseMessageSignal, caseStateQuery, messageAnswerQuery } from '../workflows/messages';
import { caseView } from '../registry/case-views';
import { dataConverterFor } from '../temporal/connection';
import { unseal } from '../temporal/sealed';
import type { ApiContext } from './context';
import { conflict, fromRejection, fromTemporal, unavailable } from './errors';
import { nextViewOf } from './view-notices';

/** How long a person's message may wait for the case's answer before the caller is told to try again. */
const answerWithinMs = 8000;
/** How long a case without a view is waited on before it is taken for one started before views existed. */
const firstViewWithinMs = 2000;

/**
 * The case as it last published itself to the registry (src/registry/case-views.ts): the API does not query a
 * case's workflow for it. A case that has no view yet (registered a moment ago, or started before views existed) is
 * queried.
 */
export async function readCase(context: ApiContext, caseNumber: string): Promise<CaseState> {
  const view = await caseView(context.db, caseNumber);
  if (view) return shown(await unseal<CaseState>(dataConverterFor(context.config), view.sealed));
  return queryCase(context.client, caseNumber);
}

/** What routes show of a case: the answers to messages are for their senders. */
function shown({ answers: _answers, ...state }: CaseState): CaseState {
  return state;
}

export async function queryCase(client: Client, caseNumber: string): Promise<CaseState> {
  try {
    return await client.workflow.getHandle(workflowIdFor(caseNumber)).query(caseStateQuery);
  } catch (error) {
    throw await caseFailure(client, error, caseNumber);
  }
}

/**
 * Sends a message to the case as a signal named after the update it stands for, and reads the case's answer (what
 * the update would have returned, or its refusal). A signal is an event in the case's history, so the message
 * survives any crash of the worker in the same place (bench/findings/README.md); `messageId` (the caller's
 * idempotency key, when given) makes a repeat answer the first time's answer instead of applying it again.
 */
export async function sendMessage<Ret, Arg>(
  context: ApiContext,
  caseNumber: string,
  update: UpdateDefinition<Ret, [Arg]>,
  args: [Arg],
  messageId: string = randomUUID(),
): Promise<MessageAnswer> {
  const { client } = context;
  const handle = client.workflow.getHandle(workflowIdFor(caseNumber));
  try {
    await handle.signal(caseMessageSignal, { messageId, name: update.name, args });
    const sent = Date.now();
    return await answerTo(context, caseNumber, async () => {
      const view = await caseView(context.db, caseNumber);
      // A case without a view yet is given a moment to publish its first; one started before views answers by query.
      if (!view) return Date.now() - sent < firstViewWithinMs ? null : handle.query(messageAnswerQuery, messageId);
      const state = await unseal<CaseState>(dataConverterFor(context.config), view.sealed);
      return state.answers?.find((candidate) => candidate.messageId === messageId) ?? null;
    });
  } catch (error) {
    throw await caseFailure(client, error, caseNumber);
  }
}

/** `sendMessage`, with the case's refusal as the HTTP answer its type maps to. */
export async function updateCase<Ret, Arg>(
  context: ApiContext,
  caseNumber: string,
  update: UpdateDefinition<Ret, [Arg]>,
  args: [Arg],
  messageId?: string,
): Promise<Ret> {
  const answer = await sendMessage(context, caseNumber, update, args, messageId);
  if (!answer.accepted) throw fromRejection(answer.type, answer.message, caseNumber);
  return answer.result as Ret;
}

/**
 * The answer comes with the view the case publishes after the signal's workflow task: usually 100–200 ms. It is read
 * again at each notice of a new view of the case (./view-notices.ts), and every 100 ms at most besides, for when the
 * registry's notices do not arrive (its connection lost, a restart).
 */
async function answerTo(
  context: ApiContext,
  caseNumber: string,
  read: () => Promise<MessageAnswer | null>,
): Promise<MessageAnswer> {
  const deadline = Date.now() + answerWithinMs;
  for (let pause = 25; ; pause = Math.min(pause * 2, 100)) {
    const published = nextViewOf(context.db, caseNumber, pause);
    const answer = await read().catch((error: unknown) => {
      published.cancel();
      throw error;
    });
    const expired = Date.now() + pause > deadline;
    if (answer || expired) published.cancel();
    if (answer) return answer;
    if (expired)
      throw unavailable(
        'case-unavailable',
        'the case has the message but has not answered yet (its worker may be restarting); send it again with the same Idempotency-Key to read the answer',
      );
    await published.settled;
  }
}

/** A closed case answers "not found" to messages; tell the caller it is closed rather than that it does not exist. */
export async function caseFailure(client: Client, error: unknown, caseNumber: string): Promise<unknown> {
  if (error instanceof WorkflowNotFoundError) {
    const closed = await client.workflow
      .getHandle(workflowIdFor(caseNumber))
      .describe()
      .then((description) => description.status.name !== 'RUNNING')
      .catch(() => false);
    if (closed) return conflict(`case ${caseNumber} is closed: nothing more can be recorded on it`);
  }
  return fromTemporal(error, caseNumber);
}
