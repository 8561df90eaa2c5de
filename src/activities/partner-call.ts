import { ApplicationFailure } from '@temporalio/common';
import { failureTypes } from './failure-types';
import { PartnerRejection } from './ports';

/** A partner's permanent refusal is not retried; anything else is, by the activity's retry policy. */
export async function partnerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PartnerRejection)
      throw ApplicationFailure.create({
        type: failureTypes.partnerRejection,
        message: `${error.party} refused: ${error.message}`,
        nonRetryable: true,
        details: [{ party: error.party, status: error.status ?? null }],
      });
    throw error;
  }
}
