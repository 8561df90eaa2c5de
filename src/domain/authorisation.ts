/**
 * Who may do what: the roles an API key is given, who may call each route, who may send each message to a case and
 * who may see personal data. The API's route guards and the case workflow's validators both decide here.
 */
import type { Actor, ActorRole, ConsentRecord } from './case';
import { consenteeRole } from './consent';
import type { MessageName } from './next-step';

/** The roles an API key is given (API_KEYS). */
export const apiRoles = ['coordinator', 'reviewer', 'supervisor', 'lab', 'operator', 'escort', 'clinician'] as const;
export type ApiRole = (typeof apiRoles)[number];

/**
 * The Homeward role of a person signed in through the identity provider, from the roles their token names: the
 * widest one when it names several (a supervisor who is also a coordinator acts as a supervisor). Labs sign in with
 * keys, never as people.
 */
const staffRolePrecedence: readonly ApiRole[] = [
  'supervisor',
  'coordinator',
  'reviewer',
  'operator',
  'clinician',
  'escort',
];
export function staffRoleOf(claimed: readonly string[]): ApiRole | undefined {
  return staffRolePrecedence.find((role) => claimed.includes(role));
}
export const staffRoles = staffRolePrecedence;

/**
 * Which parties a deployment shares a case with, by its route: `FROM>TO` country codes (FROM where the child is now,
 * TO where the verified family is), either one `*`, or `*` alone. A rule with a destination matches only once the
 * case knows it (after verification): `RU>*` shares a case from its registration on.
 */
export type CaseSharing = Record<string, readonly string[]>;
export const SHARING_ROUTE_PATTERN = /^(\*|([A-Z]{2}|\*)>([A-Z]{2}|\*))$/;

export interface CaseRoute {
  /** The organisation that registered the case: it is always a party. */
  organisation: string;
  from: string;
  to?: string | null;
}

/** A sharing rule's route: a country code on either side, or undefined for `*`. */
export interface SharedRoute {
  from?: string;
  to?: string;
}

function routeOfRule(rule: string): SharedRoute {
  const [from = '*', to = '*'] = rule === '*' ? [] : rule.split('>');
  return { ...(from === '*' ? {} : { from }), ...(to === '*' ? {} : { to }) };
}

/** Every party a case is shared with: its registering organisation and the parties its route's rules name. */
export function casePartiesOf(route: CaseRoute, sharing: CaseSharing): string[] {
  const parties = new Set([route.organisation]);
  for (const [rule, named] of Object.entries(sharing)) {
    const { from, to } = routeOfRule(rule);
    const fromMatches = from === undefined || from === route.from;
    const toMatches = to === undefined || (Boolean(route.to) && to === route.to);
    if (fromMatches && toMatches) for (const party of named) parties.add(party);
  }
  return [...parties];
}

/** The routes whose cases a deployment shares with `organisation`, beside the cases it registered itself. */
export function routesSharedWith(organisation: string, sharing: CaseSharing): SharedRoute[] {
  return Object.entries(sharing)
    .filter(([, named]) => named.includes(organisation))
    .map(([rule]) => routeOfRule(rule));
}

/**
 * Whether a caller sees and acts on a case with these parties. A caller whose credential names an organisation (staff
 * signed in, a party's key) is confined to the cases shared with it; a key that names none (the deployment's own
 * machines) is not. Labs are scoped by the samples ordered from them, elsewhere.
 */
export function mayReachCase(caller: { organisation?: string }, parties: readonly string[]): boolean {
  return caller.organisation === undefined || parties.includes(caller.organisation);
}

/** Coordinators run cases; supervisors stand in for them when a case escalates. */
export const caseRunnerRoles = ['coordinator', 'supervisor'] as const;
/** Neutral reviewers sign off verifications and decide disputes; supervisors stand in for them. */
export const neutralReviewerRoles = ['reviewer', 'supervisor'] as const;
/** May see a child's and claimants' personal data: in the API, and decoded in the Temporal UI. */
export const personalDataRoles: readonly ApiRole[] = ['coordinator', 'reviewer', 'supervisor'];

/** The routes that are not a message to one case, and who may call them. */
export const routeRoles = {
  registerCase: ['coordinator'],
  /** A case, the list of cases and a case's audit trail; operators see them without personal data. */
  readCases: ['coordinator', 'reviewer', 'supervisor', 'operator'],
  reportLabResult: ['lab'],
  /** Who at the desk works a case: claiming is assigning to oneself. */
  assignCase: ['coordinator', 'supervisor'],
  /** Who read a case's personal data, and why. */
  readAccessLog: ['supervisor'],
  /** Who names a case's escort and clinicians. */
  assignCareTeam: ['coordinator', 'supervisor'],
  /**
   * A case's health summary: each reader sees what their purpose needs (domain/health-access.ts); operators, labs and
   * reviewers are refused at the door.
   */
  readHealthSummary: ['coordinator', 'supervisor', 'escort', 'clinician'],
  /** Writing and reviewing the summary, downloading reports and the FHIR export: the clinicians of the case. */
  healthContent: ['clinician'],
  /** A report received from the other side is uploaded by whoever received it; its content is for clinicians. */
  uploadHealthReport: ['coordinator', 'supervisor', 'clinician'],
} satisfies Record<string, readonly ApiRole[]>;

/** Every message a case takes from a person or a partner. */
export type CaseMessageName = MessageName | 'reportLabResult';

/** Who may send each message; some narrow it further by the case's facts (`senderRefusal`). */
export const messageSenders: Record<CaseMessageName, readonly ActorRole[]> = {
  provideIdentityDetails: caseRunnerRoles,
  requestDna: caseRunnerRoles,
  raiseDispute: caseRunnerRoles,
  hold: caseRunnerRoles,
  resume: caseRunnerRoles,
  withdraw: caseRunnerRoles,
  signVerification: neutralReviewerRoles,
  decideDispute: neutralReviewerRoles,
  recordConsent: ['guardian', 'child'],
  withdrawConsent: [...caseRunnerRoles, 'guardian', 'child'],
  recordTravelDocuments: caseRunnerRoles,
  recordTransitEvent: caseRunnerRoles,
  confirmHandover: [...caseRunnerRoles, 'guardian'],
  recordFollowUp: caseRunnerRoles,
  recordHealthSummaryStatus: [...caseRunnerRoles, 'clinician'],
  withdrawHealthSharing: caseRunnerRoles,
  reportLabResult: ['lab'],
};

/** What each message lets its sender do, in the words of a refusal. */
const actions: Record<Exclude<CaseMessageName, 'recordConsent' | 'withdrawConsent' | 'confirmHandover'>, string> = {
  provideIdentityDetails: 'supply identity details',
  requestDna: 'request a DNA test',
  raiseDispute: 'raise a dispute',
  hold: 'put a case on hold',
  resume: 'resume a case',
  withdraw: 'withdraw a case',
  signVerification: 'sign off a verification',
  decideDispute: 'decide a dispute',
  recordTravelDocuments: 'record travel documents',
  recordTransitEvent: 'record a transit event',
  recordFollowUp: 'record a follow-up visit',
  recordHealthSummaryStatus: "record the health summary's status",
  withdrawHealthSharing: "record a withdrawal of the health information's sharing",
  reportLabResult: 'report a DNA result',
};

/** What a case knows that narrows who may send a message. */
export interface SenderFacts {
  /** The case's own coordinator: a neutral decision is never theirs. */
  coordinatorId: string;
  /** The consent a consent message is about. */
  consent?: Pick<ConsentRecord, 'consenteeId' | 'role'>;
  /** Whose signature a handover message records. */
  signedBy?: 'escort' | 'guardian';
}

function roleRefusal(actor: Actor, roles: readonly string[], what: string): string | undefined {
  return roles.includes(actor.role) ? undefined : `only a ${roles.join(' or ')} may ${what}`;
}

/** Why `actor` may not send `message` to the case, or undefined when they may. */
export function senderRefusal(message: CaseMessageName, actor: Actor, facts: SenderFacts): string | undefined {
  const { consent } = facts;
  switch (message) {
    case 'signVerification':
    case 'decideDispute':
      return (
        roleRefusal(actor, neutralReviewerRoles, actions[message]) ??
        (actor.id === facts.coordinatorId
          ? `the case's coordinator may not ${actions[message]}: another reviewer must do it`
          : undefined)
      );
    case 'recordConsent':
      return consent && actor.id === consent.consenteeId && actor.role === consenteeRole(consent)
        ? undefined
        : 'a consent can only be answered by the person it was asked of';
    case 'withdrawConsent': {
      const self = actor.id === consent?.consenteeId && (actor.role === 'guardian' || actor.role === 'child');
      return self || (caseRunnerRoles as readonly string[]).includes(actor.role)
        ? undefined
        : 'a consent can be withdrawn by the person who gave it, or recorded by a coordinator';
    }
    case 'confirmHandover':
      return facts.signedBy === 'escort'
        ? roleRefusal(actor, caseRunnerRoles, "record the escort's signature")
        : roleRefusal(actor, messageSenders.confirmHandover, "record the guardian's signature");
    default:
      return roleRefusal(actor, messageSenders[message], actions[message]);
  }
}

/** The API keys that may send `message` through its route: its senders that an API key can be. */
export function messageRouteRoles(message: CaseMessageName): ApiRole[] {
  return apiRoles.filter((role) => (messageSenders[message] as readonly string[]).includes(role));
}

export const isCaseMessageName = (name: string): name is CaseMessageName => Object.hasOwn(messageSenders, name);
