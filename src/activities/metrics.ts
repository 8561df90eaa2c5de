/**
 * Homeward's own counters in the worker: emails sent and failed, partner calls and their retries, escalations. They
 * are counted where they happen, in activities, through the activity's metric meter, so the SDK's Prometheus exporter
 * serves them on the worker's metrics port (WORKER_METRICS_PORT) beside its own series: the exporter binds that port
 * itself, and a second HTTP server could not share it. The SDK adds `namespace`, `taskQueue` and `activityType` to
 * every series. Labels are kinds, parties, outcomes and levels only: never a case number or anything about a person.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { CaseEvent } from '../domain/case';
import type { ActivityDeps } from './deps';
import { PartnerRejection, type Notifier } from './ports';

const workerSeries = {
  emailsSent: 'homeward_emails_sent_total',
  emailsFailed: 'homeward_emails_failed_total',
  partnerCalls: 'homeward_partner_calls_total',
  partnerRetries: 'homeward_partner_call_retries_total',
  escalations: 'homeward_escalations_total',
} as const;

type Tags = Record<string, string>;

/** Outside an activity (a script, a replay) there is no meter and nothing is counted. */
function count(name: string, description: string, tags: Tags): void {
  const context = asyncLocalStorage.getStore() as Context | undefined;
  context?.metricMeter.createCounter(name, undefined, description).add(1, tags);
}

/** 1 for an activity's first attempt, 2 … for its retries. */
const attempt = () => (asyncLocalStorage.getStore() as Context | undefined)?.info.attempt ?? 1;

/** `rejected`: the partner refused for good (not retried); `failed`: no usable answer (retried by the policy). */
const outcomeOf = (error: unknown) => (error instanceof PartnerRejection ? 'rejected' : 'failed');

async function countedCall<T>(partner: string, operation: string, call: () => Promise<T>): Promise<T> {
  const tags = { partner, operation };
  if (attempt() > 1)
    count(
      workerSeries.partnerRetries,
      'Partner calls made by a retry (second or later attempt) of their activity',
      tags,
    );
  try {
    const answer = await call();
    count(workerSeries.partnerCalls, 'Calls to partners, by partner, operation and outcome', {
      ...tags,
      outcome: 'ok',
    });
    return answer;
  } catch (error) {
    count(workerSeries.partnerCalls, 'Calls to partners, by partner, operation and outcome', {
      ...tags,
      outcome: outcomeOf(error),
    });
    throw error;
  }
}

function countedNotifier(deps: Pick<ActivityDeps, 'notifier'>): Notifier {
  return {
    async send(notification) {
      const kind = notification.kind;
      try {
        const sent = await deps.notifier.send(notification);
        // A repeat of a step already delivered sends nothing.
        if (!sent.duplicate) count(workerSeries.emailsSent, 'Emails the mail server accepted, by kind', { kind });
        return sent;
      } catch (error) {
        count(workerSeries.emailsFailed, 'Emails the mail server did not take, by kind and whether for good', {
          kind,
          permanent: String(error instanceof PartnerRejection),
        });
        throw error;
      }
    },
  };
}

/** The partners and the mail server as the activities see them, every call counted. Reads `deps` at call time. */
export function countedDeps(deps: ActivityDeps): ActivityDeps {
  return {
    ...deps,
    registries: { check: (request) => countedCall('registries', 'check', () => deps.registries.check(request)) },
    labs: { orderSample: (order) => countedCall('labs', 'order-sample', () => deps.labs.orderSample(order)) },
    travelDocuments: {
      request: (request) => countedCall('travel-documents', 'request', () => deps.travelDocuments.request(request)),
      cancel: (request) => countedCall('travel-documents', 'cancel', () => deps.travelDocuments.cancel(request)),
    },
    transit: {
      book: (request) => countedCall('transit', 'book', () => deps.transit.book(request)),
      cancel: (request) => countedCall('transit', 'cancel', () => deps.transit.cancel(request)),
    },
    notifier: countedNotifier(deps),
  };
}

/** An escalation, counted once: when its event first reaches the audit trail (a retried append is a duplicate). */
export function countEscalation(event: CaseEvent): void {
  if (event.type !== 'escalated') return;
  const { level, to, waitingOn } = event.data ?? {};
  count(workerSeries.escalations, 'Waits escalated, by level, to whom and whom the wait is on', {
    level: String(level ?? 'unknown'),
    to: String(to ?? 'unknown'),
    waiting_on: String(waitingOn ?? 'unknown'),
  });
}
