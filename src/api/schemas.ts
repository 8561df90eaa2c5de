/** Request and response schemas shared by the route plugins; the OpenAPI document is generated from these. */
import { z } from 'zod';
import { isValidCaseNumber, CASE_NUMBER_PATTERN } from '../domain/case-number';
import { caseStages } from '../domain/case';

export const caseNumberParam = z.object({
  caseNumber: z
    .string()
    .regex(CASE_NUMBER_PATTERN, 'a case number looks like HW-2026-000123-K')
    .refine(isValidCaseNumber, 'the check letter does not match: a character of the case number is probably mistyped'),
});

export const errorBody = z
  .object({
    error: z
      .string()
      .describe('A stable error code: invalid, unauthorised, forbidden, not-found, conflict, rejected, rate-limited'),
    message: z.string().describe('What went wrong and what to do about it'),
    requestId: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose();

export const stageSchema = z.enum(caseStages);
