/** Request and response schemas shared by the route plugins; the OpenAPI document is generated from these. */
import { z } from 'zod';
import { isValidCaseNumber, CASE_NUMBER_PATTERN } from '../domain/case-number';
import { caseStages } from '../domain/case';

// A wrong check letter is a case number no case has: answered 404 with the hint, as the document's pattern allows it.
export const caseNumberParam = z.object({
  caseNumber: z
    .string()
    .regex(CASE_NUMBER_PATTERN, 'a case number looks like HW-2026-000123-K')
    .describe('HW-<year>-<serial>-<check letter>; a number whose check letter does not match is answered 404'),
});

/** The 404 for a case number no case has, saying why when its check letter gives a typo away. */
export function noSuchCase(caseNumber: string): string {
  return isValidCaseNumber(caseNumber)
    ? `case ${caseNumber} does not exist: check the number`
    : `case ${caseNumber} does not exist: its check letter does not match, so a character is probably mistyped`;
}

export const errorBody = z
  .object({
    error: z
      .string()
      .describe(
        'A stable error code: invalid, unauthorised, forbidden, not-found, method-not-allowed, conflict, rejected, rate-limited',
      ),
    message: z.string().describe('What went wrong and what to do about it'),
    requestId: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose();

export const stageSchema = z.enum(caseStages);

/** One event a case recorded. Loose: a field not named here still passes (the audit verifier hashes all of them). */
export const caseEventSchema = z
  .object({
    at: z.string(),
    type: z.string(),
    actor: z.object({ id: z.string(), role: z.string() }),
    stage: z.string(),
    detail: z.string().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .loose();

/** What an accepted case action answers: where the case stands now and the event that recorded it. */
export const actionOutcome = z.object({
  caseNumber: z.string(),
  stage: stageSchema.describe('The stage the case is in now, after the action: a DNA request in verification moves it'),
  event: caseEventSchema.describe(
    'The event the case recorded for this action: references, outcomes and reasons only. Its own stage is the one it was recorded in, before any move the action caused',
  ),
});

export const idempotencyHeaders = z
  .object({
    'idempotency-key': z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits, dot, dash, colon and underscore, up to 100')
      .optional()
      .describe('Send the same key when retrying: the action is applied once and answered the same way again'),
  })
  .loose();
