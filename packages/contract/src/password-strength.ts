// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for two deep imports, seen by every package that compiles this file
/// <reference path="./zxcvbn-dictionaries.d.ts" />
import { passwordSchema } from './auth';

/** The `errors[].message` of a password refused as too easy to guess; the apps translate it. */
export const PASSWORD_TOO_WEAK = 'password_too_weak';
/** zxcvbn's score, 0–4: 3 is "safely unguessable" for an online attack that is throttled. */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordWeakness = {
  score: number;
  /** zxcvbn's warning key (`common`, `simpleRepeat`, `topHundred`, `userInputs`…), or null. */
  warning: string | null;
  /** zxcvbn's suggestion keys (`allUppercase`, `anotherWord`…). */
  suggestions: string[];
};

type Estimator = {
  check(
    password: string,
    userInputs?: string[],
  ): {
    score: number;
    feedback: { warning: string | null; suggestions: string[] };
  };
};

let estimator: Promise<Estimator> | undefined;

/**
 * The dictionaries weigh about 600 KB gzipped, so they load on first use (a separate chunk in
 * the apps; call `preloadPasswordCheck` when a password form opens). Common passwords and
 * diceware words, plus the common words of the two languages of the apps; names and Wikipedia
 * lists are left out for their weight.
 */
function loadEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en/dist/commonWords.json.mjs'),
    import('@zxcvbn-ts/language-es-es/dist/commonWords.json.mjs'),
  ]).then(
    ([core, common, en, es]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, 'commonWords-en': en.default, 'commonWords-es-es': es.default },
        graphs: common.adjacencyGraphs,
        // The estimate's cost grows with length and l33t variants; these caps keep one check
        // to a few milliseconds (a public endpoint must not be a way to burn the CPU), and a
        // password whose first 64 characters are strong is strong.
        maxLength: 64,
        l33tMaxSubstitutions: 4,
      }),
  );
  estimator.catch(() => (estimator = undefined));
  return estimator;
}

export function preloadPasswordCheck(): void {
  loadEstimator().catch(() => undefined);
}

/** Words of the account (email, its parts, name) that a password must not lean on. */
function contextWords(userInputs: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>(['bodega']);
  for (const input of userInputs) {
    if (!input) continue;
    const lower = input.toLowerCase();
    words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Why a password is too easy to guess, or null when it is strong enough. The length bounds are
 * `passwordSchema`'s; this is the rest of the rule, shared by the API and the forms.
 */
export async function passwordWeakness(
  password: string,
  userInputs: readonly (string | null | undefined)[] = [],
): Promise<PasswordWeakness | null> {
  const result = (await loadEstimator()).check(password, contextWords(userInputs));
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}

/**
 * The whole rule as one zod schema for the forms (asynchronous: validate with `parseAsync` /
 * `safeParseAsync`). The API validates the length synchronously with `passwordSchema` and the
 * strength in the use-case, where it also knows the account's email and name.
 */
export const strongPasswordSchema = (userInputs: readonly (string | null | undefined)[] = []) =>
  passwordSchema.refine(async (p) => (await passwordWeakness(p, userInputs)) === null, {
    message: PASSWORD_TOO_WEAK,
  });
