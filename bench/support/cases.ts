/**
 * The people around a benchmark's cases, played through the public API: the coordinator registers, the reviewer
 * verifies, the lab posts results, the guardian answers the emailed link. Every child is invented, with a name
 * and birth date of its own so the duplicate check has real work to do and rarely a reason to stop a case.
 */
import type { CaseStage, CaseState } from '../../src/domain/case';
import type { RegistrationInput } from '../../src/domain/registration';
import { keys } from './stack';
import { sleep } from './measure';

const syllables = ['an', 'dri', 'ko', 'le', 'na', 'os', 'ta', 'vi', 'my', 'ro', 'sha', 'ly', 'zo', 'he', 'ir', 'bo'];
const surnameEndings = ['enko', 'chuk', 'yk', 'ets', 'iv', 'ska', 'uk', 'ovych'];

/** A deterministic invented name: index decides it, so a rerun registers the same children. */
export function inventedName(index: number, run: string): string {
  // mulberry32 over the index and the run: every syllable draw is independent of the last.
  let state = (index * 0x9e3779b9 + [...run].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 0)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
  const pick = <T>(list: T[]) => list[next() % list.length]!;
  const word = (count: number) => Array.from({ length: count }, () => pick(syllables)).join('');
  const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1);
  return `${capital(word(2 + (next() % 2)))} ${capital(word(2) + pick(surnameEndings))}`;
}

export interface CaseShape {
  /** Under 6 a DNA test is required; from 12 the child's consent is asked too. */
  ageYears: number;
}

export function registrationFor(index: number, run: string, shape: CaseShape): RegistrationInput {
  // Exactly `ageYears` old today: the birthday passed between 10 and 310 days ago.
  const born = new Date();
  born.setUTCFullYear(born.getUTCFullYear() - shape.ageYears);
  born.setUTCDate(born.getUTCDate() - 10 - (index % 300));
  return {
    organisation: { id: 'bench-desk', reference: `BENCH-${run}-${index}` },
    child: {
      names: [{ value: inventedName(index, run), script: 'latin' }],
      birthDate: born.toISOString().slice(0, 10),
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'RU' },
    },
    claimants: [
      {
        id: 'mother',
        name: inventedName(index + 1_000_000, run),
        relationship: 'mother',
        isLegalGuardian: true,
        country: 'UA',
        language: 'uk',
        email: `guardian-${index}@family.example.org`,
      },
    ],
    documents: { civilRegistryReference: `CR-${run}-${index}`, schoolRecordReference: `SCH-${run}-${index}` },
  };
}

export interface Reply {
  status: number;
  body: unknown;
}

export async function call(
  url: string,
  init: { key?: string; body?: unknown; form?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

function expect(reply: Reply, ok: (status: number) => boolean, what: string): Reply {
  if (!ok(reply.status))
    throw new Error(`${what} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
  return reply;
}

export interface Registered {
  caseNumber: string;
  /** The duplicate check stopped the registration and the coordinator confirmed a different child. */
  confirmedDifferent: boolean;
}

export async function register(apiUrl: string, registration: RegistrationInput): Promise<Registered> {
  let reply = await call(`${apiUrl}/cases`, { key: keys.coordinator.key, body: registration });
  let confirmedDifferent = false;
  // A candidate registered while the coordinator compared the first list makes a second 409: compare again.
  for (let round = 0; round < 3 && reply.status === 409; round += 1) {
    const candidates = (reply.body as { candidates?: Array<{ caseNumber: string }> }).candidates;
    if (!candidates?.length) break;
    confirmedDifferent = true;
    reply = await call(`${apiUrl}/cases`, {
      key: keys.coordinator.key,
      body: { ...registration, duplicateDecision: { confirmedDifferentFrom: candidates.map((c) => c.caseNumber) } },
    });
  }
  expect(reply, (status) => status === 201 || status === 200, 'POST /cases');
  return { caseNumber: (reply.body as { caseNumber: string }).caseNumber, confirmedDifferent };
}

export async function readCase(apiUrl: string, caseNumber: string): Promise<CaseState> {
  return expect(
    await call(`${apiUrl}/cases/${caseNumber}`, { key: keys.coordinator.key }),
    (status) => status === 200,
    `GET /cases/${caseNumber}`,
  ).body as CaseState;
}

/** Polls the case until `ready` holds; the caller bounds how long. */
export async function waitForCase(
  apiUrl: string,
  caseNumber: string,
  ready: (state: CaseState) => boolean,
  timeoutMs = 300_000,
  pollMs = 250,
): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readCase(apiUrl, caseNumber);
    if (ready(state)) return state;
    if (Date.now() > deadline) throw new Error(`${caseNumber} is still in ${state.stage} after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

export async function verify(apiUrl: string, caseNumber: string): Promise<void> {
  expect(
    await call(`${apiUrl}/cases/${caseNumber}/verification`, {
      key: keys.reviewer.key,
      body: { decision: 'verified', note: 'records reviewed' },
    }),
    (status) => status === 200,
    `POST /cases/${caseNumber}/verification`,
  );
}

/** A reaction's time, and the part of it the action's own request took (the rest is reading until the stage shows). */
export interface Reaction {
  ms: number;
  answeredMs: number;
  /** Reads of the case after the answer, the last the one that showed the stage. */
  reads: number;
  /**
   * The action answered 503: the case had the message but had not answered within the API's wait. The message is
   * kept (a signal), so the reads go on until the case shows the stage; the time counts all of it.
   */
  answered503: boolean;
}

/**
 * The time from sending `act` to the case's query (GET /cases/:n, as a coordinator's screen reads it) first
 * showing `next`, polling back to back, in milliseconds; with the time the action's answer took and the reads.
 */

export async function reactionTime(
  apiUrl: string,
  caseNumber: string,
  act: () => Promise<Reply>,
  next: CaseStage,
): Promise<Reaction> {
  const started = performance.now();
  const reply = await act();
  const answeredMs = performance.now() - started;
  const answered503 = reply.status === 503;
  if (reply.status >= 300 && !answered503) throw new Error(`${caseNumber}: the action answered ${reply.status}`);
  for (let reads = 1; ; reads += 1) {
    const state = await readCase(apiUrl, caseNumber);
    if (state.stage === next) return { ms: performance.now() - started, answeredMs, reads, answered503 };
    if (reads > 2000) throw new Error(`${caseNumber} never reached ${next}: still ${state.stage}`);
  }
}

export function postLabResult(apiUrl: string, caseNumber: string, sampleId: string): Promise<Reply> {
  return call(`${apiUrl}/labs/results`, {
    key: keys.lab.key,
    body: { caseNumber, sampleId, resultReference: `R-${sampleId}`, outcome: 'match' },
  });
}

export function answerConsent(link: string): Promise<Reply> {
  return call(link, { form: { decision: 'given' } });
}
