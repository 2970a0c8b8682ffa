import type { AuthResponse, LoginBody } from '@bodega/contract';
import { burnPasswordCheck, verifyPassword } from '../../platform/auth/passwords';
import type { AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { findUserByEmail } from './auth.queries';
import { trustedDeviceId } from './login-device';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './login-throttle';
import { authResponseFor, startSession } from './sessions';

const invalid = () => new AppError('invalid_credentials', 401, 'Email or password is incorrect');

/**
 * One answer for an unknown email, a wrong password and a disabled account. `deviceCookie` is
 * the browser's `bodega_device` cookie: with a token for this email the attempt is throttled as
 * a trusted device.
 */
export async function login(
  ctx: AppContext,
  input: LoginBody,
  meta: RequestMeta,
  deviceCookie: string | undefined,
): Promise<AuthResponse> {
  const device = trustedDeviceId(ctx, deviceCookie, input.email);
  await assertLoginAllowed(ctx, input.email, meta.ip, device);
  const user = await findUserByEmail(ctx.db, input.email);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (!user || !ok || user.status !== 'active') {
    await recordLoginFailure(ctx, input.email, meta.ip, device);
    throw invalid();
  }
  await recordLoginSuccess(ctx, input.email, meta.ip, device);
  const issued = await ctx.db.transaction().execute((trx) => startSession(ctx, trx, user, meta));
  return authResponseFor(ctx, issued);
}
