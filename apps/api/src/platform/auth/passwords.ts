import { PASSWORD_TOO_WEAK, passwordWeakness } from '@bodega/contract';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';

// OWASP's Argon2id baseline (m=19 MiB, t=2, p=1): ~15 ms a hash on this project's machines.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id, a const enum */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so that an unknown email answers as slowly as a known one. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-just-for-timing');
  await verifyPassword(await dummy, password);
}

/**
 * The contract's strength rule (zxcvbn score ≥ 3), with the account's own words as context:
 * 400 `validation_failed` with `errors[]` at `body.<field>` and message `password_too_weak`.
 */
export async function assertStrongPassword(
  password: string,
  field: string,
  userInputs: readonly (string | null | undefined)[],
): Promise<void> {
  const weakness = await passwordWeakness(password, userInputs);
  if (!weakness) return;
  throw new AppError(
    'validation_failed',
    400,
    'This password is too easy to guess; choose a longer or less common one',
    {
      errors: [{ path: `body.${field}`, message: PASSWORD_TOO_WEAK }],
      extra: { passwordFeedback: { warning: weakness.warning, suggestions: weakness.suggestions } },
    },
  );
}
