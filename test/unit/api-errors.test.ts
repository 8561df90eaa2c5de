import { QueryNotRegisteredError, QueryRejectedError, ServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { fromRegistry, fromTemporal, HttpError } from '../../src/api/errors';

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

  it("answers the registry's database being unreachable with 503 and when to retry, and passes other errors through", () => {
    const terminated = new Error('Connection terminated unexpectedly');
    const shuttingDown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const error of [terminated, shuttingDown, refused]) {
      const answer = fromRegistry(error) as HttpError;
      expect({ status: answer.statusCode, code: answer.code, headers: answer.headers }).toEqual({
        status: 503,
        code: 'registry-unavailable',
        headers: { 'retry-after': '2' },
      });
    }
    const uniqueViolation = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(fromRegistry(uniqueViolation)).toBe(uniqueViolation);
  });
});
