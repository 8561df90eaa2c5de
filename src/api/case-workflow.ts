/** How route plugins talk to a case's workflow: query it, send it updates, and turn what Temporal throws into answers. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseState } from '../domain/case';
import { workflowIdFor } from '../domain/case-number';
import { caseStateQuery } from '../workflows/messages';
import { conflict, fromTemporal } from './errors';

export async function queryCase(client: Client, caseNumber: string): Promise<CaseState> {
  try {
    return await client.workflow.getHandle(workflowIdFor(caseNumber)).query(caseStateQuery);
  } catch (error) {
    throw await caseFailure(client, error, caseNumber);
  }
}

export async function updateCase<Ret, Arg>(
  client: Client,
  caseNumber: string,
  update: UpdateDefinition<Ret, [Arg]>,
  args: [Arg],
  updateId?: string,
): Promise<Ret> {
  try {
    return await client.workflow
      .getHandle(workflowIdFor(caseNumber))
      .executeUpdate(update, { args, ...(updateId ? { updateId } : {}) });
  } catch (error) {
    throw await caseFailure(client, error, caseNumber);
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
