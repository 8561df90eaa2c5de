import type { ApiClient } from '../api-client';
import type { Candidate, RowResult } from './results';

interface ConflictBody {
  message?: string;
  candidates?: Array<{ caseNumber: string; nameSimilarity?: number; birthDate?: string }>;
  issues?: Array<{ field: string; message: string }>;
}

/** One row through POST /cases: its case number, the API's reasons, or the likely duplicates it named. */
export async function register(
  client: ApiClient,
  row: number,
  reference: string,
  input: unknown,
  caseRows: Map<string, number>,
): Promise<RowResult> {
  // 429 and 503 are retried for as long as the API keeps asking (a rate limit slows an import, never fails it).
  const answer = await client.request<ConflictBody & { caseNumber?: string; created?: boolean }>('/cases', {
    method: 'POST',
    body: input,
    attempts: 60,
    connectionAttempts: 12,
  });
  const body = answer.body ?? {};
  if (answer.status === 201 || answer.status === 200) {
    return { row, reference, status: body.created === false ? 'existing' : 'registered', caseNumber: body.caseNumber! };
  }
  if (answer.status === 409 && body.candidates?.length) {
    const candidates: Candidate[] = body.candidates.map((candidate) => ({
      caseNumber: candidate.caseNumber,
      ...(caseRows.has(candidate.caseNumber) ? { row: caseRows.get(candidate.caseNumber)! } : {}),
      ...(candidate.nameSimilarity !== undefined ? { nameSimilarity: candidate.nameSimilarity } : {}),
      ...(candidate.birthDate ? { birthDate: candidate.birthDate } : {}),
    }));
    return { row, reference, status: 'duplicate', candidates };
  }
  if (answer.status === 400 || answer.status === 422) {
    const errors = (
      body.issues ?? [{ field: '(row)', message: body.message ?? `the API answered ${answer.status}` }]
    ).map((issue) => ({
      column: issue.field.replace(/^body\./, ''),
      field: issue.field.replace(/^body\./, ''),
      message: issue.message,
    }));
    return { row, reference, status: 'invalid', errors };
  }
  return {
    row,
    reference,
    status: 'failed',
    errors: [
      { column: '(row)', field: 'row', message: `the API answered ${answer.status}: ${body.message ?? ''}`.trim() },
    ],
  };
}
