/**
 * A case's refusal (409, 403, 422 from the API's own functions) in the person's words. The case words its reasons in
 * English for API callers; the desk recognises the kinds it knows and says them in the person's language, and shows
 * the case's own sentence beside it, marked as English.
 */
import type { HttpError } from '../api/errors';
import { refusals, say, stages, ui, type Language } from './i18n';

export interface Refusal {
  status: number;
  /** In the person's language. */
  text: string;
  /** What the API said, in English, when it adds anything. */
  original?: string;
}

const stageWord = (language: Language, stage: string) => (stages[stage] ? say(language, stages[stage]) : stage);

export function refusalOf(language: Language, error: HttpError): Refusal {
  const message = error.message;
  const status = error.statusCode;
  const refusal = (text: string): Refusal => ({ status, text, ...(text !== message ? { original: message } : {}) });
  if (/the case's coordinator may not/.test(message)) return refusal(say(language, ui.fourEyesRefusal));
  if (/is closed/.test(message)) return refusal(say(language, refusals.closed));
  if (/while the case is on hold/.test(message)) return refusal(say(language, refusals.onHold));
  const stage = /applies only in stages? (.+); the case is in stage ([a-z-]+)/.exec(message);
  if (stage) {
    const allowed = stage[1]!
      .split(/, | or /)
      .map((name) => `«${stageWord(language, name.trim())}»`)
      .join(', ');
    return refusal(say(language, refusals.wrongStage, { allowed, stage: stageWord(language, stage[2]!) }));
  }
  if (/already (recorded|signed|completed|given)/.test(message))
    return refusal(say(language, refusals.alreadyRecorded));
  if (/is due on/.test(message)) return refusal(say(language, refusals.notDueYet));
  if (status === 409 && error.extra.candidates) return refusal(say(language, refusals.duplicate));
  if (status === 409) return refusal(say(language, refusals.conflict));
  if (status === 403) return refusal(say(language, refusals.wrongParty));
  return refusal(say(language, refusals.invalid));
}
