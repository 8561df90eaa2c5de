/** The simulated lab's side of the public lab API: results posted back to Homeward, retried until accepted. */

export interface LabResultPost {
  caseNumber: string;
  labId: string;
  sampleId: string;
  resultReference: string;
  outcome: 'match' | 'exclusion' | 'inconclusive';
}

export interface LabResultDelivery extends LabResultPost {
  status: 'delivered' | 'refused' | 'gave-up';
  httpStatus?: number;
  attempts: number;
}

export async function postLabResult(options: {
  homewardUrl: string;
  labKey: string | undefined;
  result: LabResultPost;
  stopped: () => boolean;
  maxAttempts?: number;
}): Promise<LabResultDelivery> {
  const { result } = options;
  const maxAttempts = options.maxAttempts ?? 30;
  let wait = 250;
  for (let attempt = 1; ; attempt += 1) {
    let status: number | undefined;
    try {
      const response = await fetch(`${options.homewardUrl}/labs/results`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.labKey ? { authorization: `Bearer ${options.labKey}` } : {}),
        },
        body: JSON.stringify({
          caseNumber: result.caseNumber,
          sampleId: result.sampleId,
          resultReference: result.resultReference,
          outcome: result.outcome,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.arrayBuffer();
      if (status < 300) return { ...result, status: 'delivered', httpStatus: status, attempts: attempt };
      if (status < 500 && status !== 408 && status !== 429) {
        return { ...result, status: 'refused', httpStatus: status, attempts: attempt };
      }
    } catch {
      // Connection refused or timed out: Homeward may be restarting; try again.
    }
    if (attempt >= maxAttempts || options.stopped()) {
      return { ...result, status: 'gave-up', ...(status ? { httpStatus: status } : {}), attempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 5000);
  }
}
