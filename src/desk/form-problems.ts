/** A schema's complaints about a form, by field, in the person's language where the desk knows them. */
import type { z } from 'zod';
import { fieldProblems, say, type Language } from './i18n';
import type { Problem } from './forms';

const knownMessages: Array<[RegExp, keyof typeof fieldProblems]> = [
  [/birth date cannot be in the future/, 'futureBirth'],
  [/either birthDate or estimatedAgeYears/, 'birthOrAge'],
  [/estimated age contradicts/, 'ageContradicts'],
  [/email or a phone number/, 'reachable'],
  [/isLegalGuardian to true/, 'guardianFlag'],
  [/a name is letters/, 'nameLetters'],
  [/a name cannot be empty/, 'required'],
  [/is used twice/, 'claimantIdTwice'],
  [/at least one claimant/, 'oneClaimant'],
  [/at least one name/, 'oneName'],
  [/phone number|digits, spaces, brackets/, 'phone'],
  [/send at least one of/, 'oneOf'],
  [/born less than/, 'oldest'],
  [/not a real calendar date/, 'date'],
  [/control and text-direction/, 'disguised'],
  [/leave the field out rather than sending it empty/, 'blank'],
  [/give a reason/, 'required'],
];

/** A schema's complaint about one field, in the person's language where the desk knows it. */
export function problemText(language: Language, issue: z.core.$ZodIssue): Problem {
  const known = knownMessages.find(([pattern]) => pattern.test(issue.message));
  const entry = known && fieldProblems[known[1]];
  if (entry) return { text: say(language, entry), lang: language };
  switch (issue.code) {
    case 'invalid_type':
      return { text: say(language, fieldProblems.required), lang: language };
    case 'too_big':
      return {
        text: say(
          language,
          issue.origin === 'array'
            ? fieldProblems.tooMany
            : issue.origin === 'string'
              ? fieldProblems.tooLong
              : fieldProblems.number,
          {
            max: Number(issue.maximum),
            min: 0,
          },
        ),
        lang: language,
      };
    case 'too_small':
      return {
        text: say(
          language,
          issue.origin === 'string' && Number(issue.minimum) <= 1 ? fieldProblems.required : fieldProblems.tooShort,
        ),
        lang: language,
      };
    case 'invalid_format':
      return {
        text: say(language, issue.format === 'email' ? fieldProblems.email : fieldProblems.format),
        lang: language,
      };
    case 'invalid_value':
    case 'invalid_union':
      return { text: say(language, fieldProblems.choose), lang: language };
    default:
      return { text: issue.message, lang: 'en' };
  }
}

/** A failed parse as problems by field path; those of the whole form under ''. */
export function problemsOf(language: Language, error: z.ZodError): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    problems[path] ??= problemText(language, issue);
  }
  return problems;
}
