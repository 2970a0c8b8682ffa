import type { AuthResponse, LoginBody } from '@bodega/contract';
import { burnPasswordCheck, verifyPassword } from '../../platform/auth/passwords';
import type { AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { findUserByEmail } from './auth.queries';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './login-throttle';
import { authResponseFor, startSession } from './sessions';

const invalid = () => new AppError('invalid_credentials', 401, 'Email or password is incorrect');

/** One answer for an unknown email, a wrong password and a disabled account. */
export async function login(ctx: AppContext, input: LoginBody, meta: RequestMeta): Promise<AuthResponse> {
  await assertLoginAllowed(ctx, input.email, meta.ip);
  const user = await findUserByEmail(ctx.db, input.email);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (!user || !ok || user.status !== 'active') {
    await recordLoginFailure(ctx, input.email, meta.ip);
    throw invalid();
  }
  await recordLoginSuccess(ctx, input.email, meta.ip);
  const issued = await ctx.db.transaction().execute((trx) => startSession(ctx, trx, user, meta));
  return authResponseFor(ctx, issued);
}
