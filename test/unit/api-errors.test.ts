import { QueryNotRegisteredError, QueryRejectedError, ServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { fromTemporal, HttpError } from '../../src/api/errors';

describe('Temporal errors as HTTP answers', () => {
  const statusOf = (error: unknown) => (fromTemporal(error, 'HW-2026-000001-V') as HttpError).statusCode;

  it('answers an unknown case with 404 saying it does not exist', () => {
    const answer = fromTemporal(
      new WorkflowNotFoundError('gone', 'case-HW-2026-000001-V', undefined),
      'HW-2026-000001-V',
    );
    expect(answer).toBeInstanceOf(HttpError);
    expect((answer as HttpError).message).toBe('case HW-2026-000001-V does not exist: check the number');
  });

  it('answers a query the case cannot answer right now with 503, never 500', () => {
    expect(statusOf(new QueryNotRegisteredError('query failed', 3))).toBe(503);
    expect(
      statusOf(new QueryRejectedError(temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED)),
    ).toBe(503);
    expect(statusOf(new ServiceError('unavailable'))).toBe(503);
  });

  it('tells the caller when to try again after a 503', () => {
    for (const error of [new QueryNotRegisteredError('query failed', 3), new ServiceError('unavailable')])
      expect((fromTemporal(error, 'HW-2026-000001-V') as HttpError).headers).toEqual({ 'retry-after': '2' });
  });

  it('passes anything else through for the handler to log', () => {
    const unknown = new Error('something else');
    expect(fromTemporal(unknown)).toBe(unknown);
  });
});
