import { z } from 'zod';
import { newRunBeforeStageAfterEvents } from './run-length';

/**
 * The case policy: every duration, age and ladder a case obeys. The workflow receives it as input, so a deployment
 * (or a test, or the demo) sets its own. Durations are given as milliseconds or as strings like "14 days", "36h",
 * "90m"; the parsed policy holds milliseconds only, so it is plain JSON inside workflow state.
 */

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new RangeError(`not a duration: "${value}" (try "14 days", "36h", "90m")`);
  return Math.round(Number(match[1]) * unit);
}

const duration = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  try {
    const ms = parseDuration(value);
    if (ms <= 0) throw new RangeError('must be positive');
    return ms;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** A wait with a deadline: reminders at the given fractions of the deadline, then the escalation ladder. */
const wait = z.object({
  deadline: duration,
  remindAt: z.array(z.number().gt(0).lt(1)).default([0.5]),
});

export const escalationLevels = ['coordinator', 'supervisor', 'neutral-desk'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export const policySchema = z.object({
  /** From this age the child's own consent is required; the child's views are recorded at every age. */
  childConsentAge: z.number().int().min(0).max(18).default(12),
  /** From this age the person decides alone: no guardian consent applies. */
  adultAge: z.number().int().min(14).max(21).default(18),
  /** Under this age the child cannot identify themselves: DNA is required. */
  dnaRequiredUnderAge: z.number().int().min(0).max(18).default(6),
  dnaRetestsOnInconclusive: z.number().int().min(0).max(3).default(1),
  /** The accredited partner lab samples are ordered from. */
  dnaLabId: z.string().min(1).default('lab-kyiv'),
  waits: z
    .object({
      identification: wait.default({ deadline: 7 * 86_400_000, remindAt: [0.5] }),
      recordCheck: wait.default({ deadline: 14 * 86_400_000, remindAt: [0.5] }),
      labResult: wait.default({ deadline: 21 * 86_400_000, remindAt: [0.5] }),
      verification: wait.default({ deadline: 7 * 86_400_000, remindAt: [0.5] }),
      consent: wait.default({ deadline: 14 * 86_400_000, remindAt: [0.5] }),
      travelDocuments: wait.default({ deadline: 30 * 86_400_000, remindAt: [0.5] }),
      departure: wait.default({ deadline: 14 * 86_400_000, remindAt: [0.5] }),
      /** From departure to arrival; an incident escalates at once. */
      transit: wait.default({ deadline: 3 * 86_400_000, remindAt: [0.5] }),
      handover: wait.default({ deadline: 2 * 86_400_000, remindAt: [0.5] }),
      followUp: wait.default({ deadline: 7 * 86_400_000, remindAt: [0.5] }),
      dispute: wait.default({ deadline: 14 * 86_400_000, remindAt: [0.5] }),
      /** A case on hold is reviewed: reminders and escalation, then it stays with the neutral desk. */
      hold: wait.default({ deadline: 30 * 86_400_000, remindAt: [0.5] }),
    })
    .prefault({}),
  /** After a deadline passes, the wait escalates one level up the ladder every `escalationInterval`. */
  escalationLadder: z
    .array(z.enum(escalationLevels))
    .min(1)
    .default([...escalationLevels]),
  escalationInterval: duration.default(3 * 86_400_000),
  /** Aftercare visits, measured from the handover. */
  followUpsAfterHandover: z
    .array(duration)
    .min(1)
    .default([14 * 86_400_000, 90 * 86_400_000, 180 * 86_400_000]),
  /** How long before its due date a follow-up visit may be recorded as completed (a visit a few days early counts). */
  followUpEarlyWindow: duration.default(7 * 86_400_000),
  /**
   * Routes whose departure waits until the child's health summary is complete and reviewed by a clinician: `FROM>TO`
   * country codes, either one `*`, or `*` alone; the most specific rule wins. Unset: no route waits.
   */
  healthSummaryBeforeDeparture: z
    .record(
      z.string().regex(/^(\*|([A-Z]{2}|\*)>([A-Z]{2}|\*))$/, 'a route: "RU>UA", "RU>*", "*>UA" or "*"'),
      z.boolean(),
    )
    .optional(),
  /** Continue-as-new once the history passes this many events. */
  continueAsNewAfterEvents: z.number().int().min(100).max(50_000).default(4000),
  /** A stage that begins with more events than this in the run's history begins in a new run (run-length.ts). */
  newRunBeforeStageAfterEvents: z.number().int().min(30).max(50_000).default(newRunBeforeStageAfterEvents),
});

export type CasePolicy = z.output<typeof policySchema>;
export type CasePolicyInput = z.input<typeof policySchema>;
export type WaitPolicy = CasePolicy['waits'][keyof CasePolicy['waits']];

export const defaultPolicy: CasePolicy = policySchema.parse({});

/** Every duration divided by `factor`: the demo and benchmarks run months of case time in minutes. */
export function scalePolicy(policy: CasePolicy, factor: number): CasePolicy {
  const scale = (ms: number) => Math.max(1, Math.round(ms / factor));
  const waits = Object.fromEntries(
    Object.entries(policy.waits).map(([name, wait]) => [name, { ...wait, deadline: scale(wait.deadline) }]),
  ) as CasePolicy['waits'];
  return {
    ...policy,
    waits,
    escalationInterval: scale(policy.escalationInterval),
    followUpsAfterHandover: policy.followUpsAfterHandover.map(scale),
    followUpEarlyWindow: scale(policy.followUpEarlyWindow),
  };
}
