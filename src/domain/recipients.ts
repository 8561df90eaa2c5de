/**
 * Who is told what about a case: the party a reminder goes to, the rung an escalation reaches, who delivers a consent
 * link in person, who gets a follow-up task and who cancels a booking by hand. Staff are addressed by role (and id)
 * through the staff directory (STAFF_EMAILS); a claimant or child by their own address.
 */
import type { WaitingOn } from './case';
import type { EscalationLevel } from './policy';
import type { Language } from './registration';

/** The desks staff notices go to; STAFF_EMAILS holds an address for each. */
export const staffRecipientRoles = [
  'coordinator',
  'supervisor',
  'neutral-desk',
  'lab',
  'caseworker',
  'clinician',
] as const;
export type StaffRecipientRole = (typeof staffRecipientRoles)[number];

/** A member of staff or partner desk; a claimant or child is addressed directly. */
export type Recipient = { staff: StaffRecipientRole; id?: string } | { address: string; language: Language };

export const recipients = {
  /** A reminder of a wait goes to the party's desk: reviewers' waits to the neutral desk, a lab's to the lab. */
  reminder(waitingOn: WaitingOn, party: string | undefined, coordinatorId: string): Recipient {
    if (waitingOn === 'reviewer') return { staff: 'neutral-desk' };
    if (waitingOn === 'lab') return { staff: 'lab', id: party };
    return { staff: 'coordinator', id: coordinatorId };
  },
  /** An escalation goes to its rung of the ladder; the first rung is the case's own coordinator. */
  escalation(rung: EscalationLevel, coordinatorId: string): Recipient {
    return rung === 'coordinator' ? { staff: 'coordinator', id: coordinatorId } : { staff: rung };
  },
  /** Without an email address, the coordinator's caseworkers deliver a consent link in person. */
  consentDelivery(coordinatorId: string): Recipient {
    return { staff: 'caseworker', id: coordinatorId };
  },
  followUpTask(coordinatorId: string): Recipient {
    return { staff: 'coordinator', id: coordinatorId };
  },
  /** A booking a partner would not cancel is cancelled by hand by a supervisor. */
  cancellationByHand(): Recipient {
    return { staff: 'supervisor' };
  },
};
