/**
 * The demo's batch and its driver. The batch is modelled on one announced return: three children displaced to Russia by
 * front-line fighting, five separated across borders (one girl reunited from Ukraine to Russia), a young person
 * who has turned 18, and a case whose DNA excludes the claimant. The driver plays every person around the cases
 * through the public API (coordinator, reviewer, guardians answering their consent links from the caught mail)
 * and sets each case's partner answers in the simulator. Every name and address here is invented.
 */
import { simpleParser } from 'mailparser';
import type { CaseOutcome, CaseStage, CaseState } from '../src/domain/case';
import type { HealthSummaryInput } from '../src/domain/health-summary';
import type { RegistrationInput } from '../src/domain/registration';
import type { Scenario } from '../src/simulator/scenario';

type Claimant = RegistrationInput['claimants'][number];

export interface DemoCase {
  group: 'front line' | 'across borders' | 'turned 18' | 'DNA exclusion';
  child: Omit<RegistrationInput['child'], 'names'> & { name: string };
  claimants: Claimant[];
  scenario: Scenario;
  /** What the reviewer decides when the case goes to dispute. */
  onDispute?: 'close-not-a-match' | 'resume';
  /** The child arrives with a health summary and a report received from the side that held them. */
  health?: DemoHealth;
  expected: { stage: CaseStage; outcome: CaseOutcome };
}

const reunited = { stage: 'closed', outcome: 'reunited' } as const;

export interface DemoHealth {
  summary: HealthSummaryInput;
  report: { mediaType: 'application/json'; name: string; content: string; suppliedBy: string; channel: string };
}

const stated = (kind: 'received-report' | 'clinician' | 'child', reference: string) => ({
  source: { kind, reference },
  statedAt: '2026-01-20',
});

/** A summary and a report as the side holding a child might supply them: every item invented. */
function demoHealth(allergy: string, medicine: string, dosage: string, need: string, report: string): DemoHealth {
  return {
    summary: {
      allergies: {
        items: [{ substance: { text: allergy }, criticality: 'high', ...stated('received-report', 'report-1') }],
      },
      medications: {
        items: [{ medication: { text: medicine }, dosage, forJourney: true, ...stated('received-report', 'report-1') }],
      },
      conditions: { noneKnown: stated('clinician', 'sending-clinician') },
      immunizations: { noneKnown: stated('received-report', 'report-1') },
      psychosocial: { items: [{ need, ...stated('child', 'child') }] },
      journeyInstructions: {
        items: [
          {
            instruction: `Carry the ${medicine.toLowerCase()} in the escort's bag`,
            ...stated('clinician', 'sending-clinician'),
          },
        ],
      },
    },
    report: {
      mediaType: 'application/json',
      name: 'medical-report.json',
      content: JSON.stringify({ facility: 'children’s home medical unit', observations: report }),
      suppliedBy: "children's home medical unit",
      channel: 'humanitarian channel',
    },
  };
}

function birthDateForAge(years: number, extraDays: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - extraDays);
  return date.toISOString().slice(0, 10);
}

const guardian = (
  id: string,
  relationship: Claimant['relationship'],
  country: string,
  language: 'uk' | 'ru' | 'en',
  name: string,
): Claimant => ({
  id,
  name,
  relationship,
  isLegalGuardian: true,
  country,
  language,
  email: `${id}.${name.split(' ')[1]!.toLowerCase()}@family.example.org`,
});

export const demoBatch: DemoCase[] = [
  {
    group: 'front line',
    child: {
      name: 'Artem Melnyk',
      estimatedAgeYears: 9,
      placeOfOrigin: { country: 'UA', locality: 'Mariupol' },
      currentLocation: { country: 'RU' },
    },
    claimants: [guardian('mother', 'mother', 'UA', 'uk', 'Iryna Melnyk')],
    health: demoHealth(
      'Hazelnut',
      'Montelukast tablets',
      'One tablet at bedtime',
      'Afraid of loud engines since the shelling',
      'Seen weekly by the home’s paediatrician; wheezing at night settled on montelukast',
    ),
    scenario: {},
    expected: reunited,
  },
  {
    group: 'front line',
    child: {
      name: 'Sofiia Bondar',
      estimatedAgeYears: 4,
      placeOfOrigin: { country: 'UA', locality: 'Izium' },
      currentLocation: { country: 'RU' },
    },
    claimants: [guardian('father', 'father', 'UA', 'uk', 'Andrii Bondar')],
    scenario: { lab: 'match' },
    expected: reunited,
  },
  {
    group: 'front line',
    child: {
      name: 'Maksym Tkachenko',
      estimatedAgeYears: 13,
      placeOfOrigin: { country: 'UA', locality: 'Kherson' },
      currentLocation: { country: 'RU' },
      language: 'uk',
      email: 'maksym.t@young.example.org',
    },
    claimants: [guardian('grandmother', 'grandparent', 'UA', 'uk', 'Halyna Tkachenko')],
    scenario: {},
    expected: reunited,
  },
  {
    group: 'across borders',
    child: {
      name: 'Daryna Shevchuk',
      estimatedAgeYears: 11,
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'PL' },
    },
    claimants: [guardian('mother', 'mother', 'UA', 'uk', 'Olena Shevchuk')],
    scenario: {},
    expected: reunited,
  },
  {
    group: 'across borders',
    child: {
      name: 'Alina Morozova',
      estimatedAgeYears: 10,
      placeOfOrigin: { country: 'RU' },
      currentLocation: { country: 'UA' },
      language: 'ru',
    },
    claimants: [guardian('mother', 'mother', 'RU', 'ru', 'Natalia Morozova')],
    health: demoHealth(
      'Sesame',
      'Levothyroxine drops',
      'Five drops each morning',
      'Asks for her grandmother at night',
      'Thyroid function checked in December; levothyroxine dose unchanged',
    ),
    scenario: {},
    expected: reunited,
  },
  {
    group: 'across borders',
    child: {
      name: 'Bohdan Kravets',
      estimatedAgeYears: 7,
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'DE' },
    },
    claimants: [guardian('father', 'father', 'UA', 'uk', 'Taras Kravets')],
    scenario: { records: { medical: 'contradictory' }, lab: 'match' },
    expected: reunited,
  },
  {
    group: 'across borders',
    child: {
      name: 'Viktoriia Savchenko',
      estimatedAgeYears: 15,
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'MD' },
      language: 'uk',
      email: 'vika.s@young.example.org',
    },
    claimants: [guardian('aunt', 'aunt-uncle', 'UA', 'uk', 'Larysa Savchenko')],
    scenario: {},
    expected: reunited,
  },
  {
    group: 'across borders',
    child: {
      name: 'Oleksii Hnatiuk',
      estimatedAgeYears: 8,
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'RO' },
    },
    claimants: [guardian('mother', 'mother', 'GB', 'en', 'Kateryna Hnatiuk')],
    scenario: { failFirst: 1 },
    expected: reunited,
  },
  {
    group: 'turned 18',
    child: {
      name: 'Yevhen Lysenko',
      birthDate: birthDateForAge(18, 40),
      placeOfOrigin: { country: 'UA', locality: 'Melitopol' },
      currentLocation: { country: 'RU' },
      language: 'uk',
      email: 'yevhen.l@young.example.org',
    },
    claimants: [
      {
        id: 'brother',
        name: 'Roman Lysenko',
        relationship: 'sibling',
        isLegalGuardian: false,
        country: 'UA',
        language: 'uk',
        email: 'roman.lysenko@family.example.org',
      },
    ],
    scenario: {},
    expected: reunited,
  },
  {
    group: 'DNA exclusion',
    child: {
      name: 'Ivan Petrenko',
      estimatedAgeYears: 5,
      placeOfOrigin: { country: 'UA' },
      currentLocation: { country: 'RU' },
    },
    claimants: [guardian('father', 'father', 'UA', 'uk', 'Serhii Petrenko')],
    scenario: { lab: 'exclusion' },
    onDispute: 'close-not-a-match',
    expected: { stage: 'closed', outcome: 'not-a-match' },
  },
];

export interface DemoOptions {
  apiUrl: string;
  simulatorUrl: string;
  coordinatorKey: string;
  reviewerKey: string;
  /** Makes the organisation references unique, so the demo can run again against the same registry. */
  runId: string;
  say: (line: string) => void;
  pollMs?: number;
  /** Per case. */
  timeoutMs?: number;
  batch?: DemoCase[];
  /** How many cases are driven at once; by default the whole batch. */
  concurrency?: number;
  /** Told after each message a person sent to a case (the fault suite kills the worker right then). */
  afterMessage?: (caseNumber: string, route: string) => void;
  /**
   * Stop each case at aftercare, its visits still to come: for a stack running in real time, where the first visit
   * is due two weeks after the handover. A case that would be reunited then counts as on course.
   */
  stopAtAftercare?: boolean;
  /** Leaves each case that reaches this stage there, for people to take on (the desk's reviewers, at verification). */
  stopAt?: CaseStage;
  /**
   * The clinicians (and the escort) of the cases that arrive with health information: the sending one records and
   * reviews the summary, the receiving one reads it after the handover. Without them no case carries any.
   */
  careTeam?: {
    sendingClinician: { key: string; actorId: string };
    receivingClinician: { key: string; actorId: string };
    escortId?: string;
  };
}

export interface DemoResult {
  caseNumber: string;
  group: DemoCase['group'];
  route: string;
  expected: DemoCase['expected'];
  stage: CaseStage;
  outcome?: CaseOutcome;
  emails: number;
  escalations: number;
  events: number;
  /** For a case with health information: what the receiving clinician saw after the handover. */
  health?: { reports: number; reviewed: boolean; shown: string };
  ok: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runDemo(options: DemoOptions): Promise<DemoResult[]> {
  const batch = options.batch ?? demoBatch;
  const results: DemoResult[] = new Array(batch.length);
  let next = 0;
  // The batch is driven a bounded number of cases at a time (all at once unless `concurrency` says otherwise).
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? batch.length, batch.length) }, async () => {
      while (next < batch.length) {
        const index = next++;
        results[index] = await driveCase(options, batch[index]!, index + 1);
      }
    }),
  );
  return results;
}

async function call(
  url: string,
  init: {
    method?: string;
    key?: string;
    body?: unknown;
    idempotencyKey?: string;
    /** A file sent as it is, with its media type and headers. */
    file?: { type: string; content: string; headers: Record<string, string> };
  } = {},
): Promise<{ status: number; body: unknown }> {
  // While the API restarts (a deployment, a crash, a machine loaded past its cores), the people around a case try
  // again rather than give up: for three minutes of no answer at all, or of answers that say "not now". A restart
  // in the middle of a case's "not now" is not counted against the API: every answer starts the wait again.
  const unavailableUntil = Date.now() + 180_000;
  let unreachableUntil = unavailableUntil;
  for (;;) {
    const response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
        ...(init.file ? { 'content-type': init.file.type, ...init.file.headers } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.file ? { body: init.file.content } : {}),
    }).catch((error: unknown) => {
      if (Date.now() > unreachableUntil) throw error;
      return undefined;
    });
    if (response) unreachableUntil = Date.now() + 180_000;
    if (!response || response.status === 502 || response.status === 503) {
      // A case that stays unavailable past that is reported, not waited on for ever.
      if (response && Date.now() > unavailableUntil) return { status: response.status, body: await response.text() };
      await sleep(500);
      continue;
    }
    const text = await response.text();
    if (response.status === 429) {
      await sleep(1000);
      continue;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML pages (the consent routes) stay text.
    }
    return { status: response.status, body };
  }
}

async function driveCase(options: DemoOptions, demoCase: DemoCase, index: number): Promise<DemoResult> {
  const { apiUrl, simulatorUrl, coordinatorKey, reviewerKey, say } = options;
  const pollMs = options.pollMs ?? 500;
  const { name, ...child } = demoCase.child;
  const registration: RegistrationInput = {
    organisation: { id: 'neutral-desk', reference: `DEMO-${options.runId}-${String(index).padStart(2, '0')}` },
    child: { ...child, names: [{ value: name, script: 'latin' }] },
    claimants: demoCase.claimants,
  };
  let registered = await call(`${apiUrl}/cases`, { key: coordinatorKey, body: registration });
  // A second demo run registers the same invented children: the coordinator confirms they are new cases (again,
  // when another copy of the child was registered meanwhile and the check names it too).
  const different = new Set<string>();
  for (let round = 0; round < 5 && registered.status === 409; round += 1) {
    const candidates = (registered.body as { candidates?: Array<{ caseNumber: string }> }).candidates ?? [];
    if (candidates.length === 0) break;
    for (const candidate of candidates) different.add(candidate.caseNumber);
    registered = await call(`${apiUrl}/cases`, {
      key: coordinatorKey,
      body: { ...registration, duplicateDecision: { confirmedDifferentFrom: [...different] } },
    });
  }
  if (registered.status >= 300) throw new Error(`registering case ${index} failed: ${JSON.stringify(registered.body)}`);
  const caseNumber = (registered.body as { caseNumber: string }).caseNumber;
  const label = `${caseNumber} (${demoCase.group})`.padEnd(36);
  say(`${label} registered`);
  const scenario = await call(`${simulatorUrl}/simulator/scenarios/${caseNumber}`, {
    method: 'PUT',
    body: demoCase.scenario,
  });
  if (scenario.status !== 204) throw new Error(`the simulator refused the scenario for ${caseNumber}`);

  const send = async (key: string, path: string, body: unknown, idempotencyKey: string) => {
    const answer = await call(`${apiUrl}/cases/${caseNumber}/${path}`, { key, body, idempotencyKey });
    options.afterMessage?.(caseNumber, path);
    return answer;
  };
  const coordinator = (path: string, body: unknown, idempotencyKey: string) =>
    send(coordinatorKey, path, body, idempotencyKey);
  const reviewer = (path: string, body: unknown, idempotencyKey: string) =>
    send(reviewerKey, path, body, idempotencyKey);
  if (demoCase.health && options.careTeam) await recordHealth(options, caseNumber, demoCase.health, label);
  // Read by the receiving clinician once the child is in their care.
  let health: DemoResult['health'];
  const answeredMail = new Set<string>();
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let lastStage: CaseStage = 'registered';
  let state: CaseState | undefined;

  for (;;) {
    const current = await call(`${apiUrl}/cases/${caseNumber}`, { key: coordinatorKey });
    if (current.status !== 200) {
      say(`${label} cannot be read (${current.status}): ${JSON.stringify(current.body).slice(0, 300)}`);
      break;
    }
    state = current.body as CaseState;
    if (state.stage !== lastStage) {
      say(`${label} ${lastStage} → ${state.stage}${state.outcome ? ` (${state.outcome})` : ''}`);
      lastStage = state.stage;
    }
    if (state.stage === 'closed') break;
    if (options.stopAtAftercare && state.stage === 'aftercare') break;
    if (options.stopAt && state.stage === options.stopAt) break;
    if (Date.now() > deadline) {
      say(`${label} did not finish in time: still in ${state.stage}`);
      break;
    }
    const pending = new Set(state.pending.map((action) => action.kind));
    switch (state.stage) {
      case 'identification':
        // Registered without document references, so the simulator has the case's scenario before any check.
        if (pending.has('identity-details'))
          await coordinator(
            'identity-details',
            {
              documents: {
                civilRegistryReference: `CR-${index}-${options.runId}`,
                medicalRecordReference: `MED-${index}-${options.runId}`,
                schoolRecordReference: `SCH-${index}-${options.runId}`,
              },
            },
            'documents-1',
          );
        break;
      case 'verification':
        await reviewer('verification', { decision: 'verified', note: 'records and DNA reviewed' }, 'verification-1');
        break;
      case 'consent':
        await answerConsentMail(options, caseNumber, answeredMail);
        break;
      case 'dispute':
      case 'best-interests-review': {
        const open = state.disputes.filter((dispute) => !dispute.decision).at(-1);
        if (open)
          await reviewer(
            'dispute-decision',
            { disputeId: open.id, decision: demoCase.onDispute ?? 'resume', note: 'reviewed the evidence' },
            `dispute-${open.id}`,
          );
        break;
      }
      case 'travel-documents': {
        const application = state.bookings.find(
          (booking) => booking.kind === 'travel-documents' && booking.status === 'active',
        );
        if (application && pending.has('travel-documents'))
          await coordinator(
            'travel-documents',
            { documentReference: application.reference },
            `etd-${application.reference}`,
          );
        break;
      }
      case 'departure':
        await coordinator('transit-events', { event: 'departed' }, `departed-${state.bookings.length}`);
        break;
      case 'in-transit':
        await coordinator('transit-events', { event: 'arrived' }, `arrived-${state.bookings.length}`);
        break;
      case 'handover':
        await coordinator('handover', { signedBy: 'escort' }, 'handover-escort');
        await coordinator('handover', { signedBy: 'guardian' }, 'handover-guardian');
        break;
      case 'aftercare':
        if (demoCase.health && options.careTeam && !health) health = await readHealth(options, caseNumber);
        for (const visit of state.followUps.filter((followUp) => followUp.status === 'due'))
          await coordinator(
            'follow-ups',
            { followUpId: visit.id, outcome: 'completed', areas: ['school', 'counselling', 'medical'] },
            `follow-up-${visit.id}`,
          );
        break;
      case 'on-hold':
        say(`${label} on hold (${state.hold?.reason ?? 'no reason'}); the coordinator resumes it`);
        await coordinator('resume', {}, `resume-${state.hold?.since ?? ''}`);
        break;
      default:
        break;
    }
    await sleep(pollMs);
  }
  const mail = await call(`${simulatorUrl}/mail?case=${encodeURIComponent(caseNumber)}`);
  const stage = state?.stage ?? lastStage;
  return {
    caseNumber,
    group: demoCase.group,
    route: `${demoCase.child.currentLocation.country} → ${state?.route.to ?? '-'}`,
    expected: demoCase.expected,
    stage,
    ...(state?.outcome ? { outcome: state.outcome } : {}),
    emails: Array.isArray(mail.body) ? mail.body.length : 0,
    escalations: state?.escalations.length ?? 0,
    events: state?.events.length ?? 0,
    ...(health ? { health } : {}),
    ok:
      (stage === demoCase.expected.stage && state?.outcome === demoCase.expected.outcome) ||
      (Boolean(options.stopAtAftercare) && stage === 'aftercare' && demoCase.expected.outcome === 'reunited') ||
      (options.stopAt !== undefined && stage === options.stopAt),
  };
}

/**
 * The coordinator names the care team, uploads the report that came with the child; the sending clinician records
 * the summary and reviews it.
 */
async function recordHealth(
  options: DemoOptions,
  caseNumber: string,
  health: DemoHealth,
  label: string,
): Promise<void> {
  const team = options.careTeam!;
  const at = `${options.apiUrl}/cases/${caseNumber}/health`;
  const answers = [
    await call(`${at}/care-team`, {
      method: 'PUT',
      key: options.coordinatorKey,
      body: {
        sendingClinicianId: team.sendingClinician.actorId,
        receivingClinicianId: team.receivingClinician.actorId,
        ...(team.escortId ? { escortId: team.escortId } : {}),
      },
    }),
    await call(`${at}/reports`, {
      method: 'POST',
      key: options.coordinatorKey,
      file: {
        type: health.report.mediaType,
        content: health.report.content,
        headers: {
          'x-file-name': encodeURIComponent(health.report.name),
          'x-supplied-by': health.report.suppliedBy,
          'x-supplied-at': '2026-01-20T09:00:00Z',
          'x-channel': health.report.channel,
        },
      },
    }),
  ];
  const written = await call(`${at}/summary`, { method: 'PUT', key: team.sendingClinician.key, body: health.summary });
  answers.push(written);
  const revision = (written.body as { revision?: number }).revision ?? 1;
  answers.push(
    await call(`${at}/summary/review`, { method: 'POST', key: team.sendingClinician.key, body: { revision } }),
  );
  const failed = answers.filter((answer) => answer.status >= 300);
  options.say(
    failed.length
      ? `${label} health information refused: ${failed.map((answer) => answer.status).join(', ')}`
      : `${label} arrives with a health summary (reviewed) and a received report`,
  );
}

async function readHealth(options: DemoOptions, caseNumber: string): Promise<DemoResult['health']> {
  const read = await call(`${options.apiUrl}/cases/${caseNumber}/health/summary`, {
    key: options.careTeam!.receivingClinician.key,
  });
  const body = read.body as { shown?: string; reviewed?: boolean; reportCount?: number };
  return {
    reports: body.reportCount ?? 0,
    reviewed: body.reviewed ?? false,
    shown: body.shown ?? `refused ${read.status}`,
  };
}

/** Each guardian, child or young adult opens the link in their email and gives consent. */
async function answerConsentMail(options: DemoOptions, caseNumber: string, answered: Set<string>): Promise<void> {
  const listing = await call(`${options.simulatorUrl}/mail?case=${encodeURIComponent(caseNumber)}`);
  const mails = (Array.isArray(listing.body) ? listing.body : []) as Array<{ file: string; kind?: string }>;
  for (const mail of mails) {
    if (answered.has(mail.file) || (mail.kind !== 'consent-request' && mail.kind !== 'consent-reminder')) continue;
    const raw = await fetch(`${options.simulatorUrl}/mail/${encodeURIComponent(mail.file)}`);
    const { text } = await simpleParser(Buffer.from(await raw.arrayBuffer()));
    const token = /\/consent\/([A-Za-z0-9_.-]+)/.exec(text ?? '')?.[1];
    if (!token) continue;
    const answer = await call(`${options.apiUrl}/consent/${token}`, {
      // The guardian also lets the child's health information go to the escort and the receiving clinician.
      body: { decision: 'given', views: 'wants to go home', healthSharing: 'given' },
    });
    options.afterMessage?.(caseNumber, 'consent');
    if (answer.status >= 300) options.say(`${caseNumber}: a consent link answered ${answer.status}`);
    if (answer.status < 500) answered.add(mail.file);
  }
}

/** The summary table the demo ends with. */
export function summaryTable(results: DemoResult[]): string {
  const header = ['case', 'group', 'route', 'final stage', 'outcome', 'expected', 'emails', 'escalations', ''];
  const rows = results.map((result) => [
    result.caseNumber,
    result.group,
    result.route,
    result.stage,
    result.outcome ?? '-',
    result.expected.outcome,
    String(result.emails),
    String(result.escalations),
    result.ok ? 'ok' : 'UNEXPECTED',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
