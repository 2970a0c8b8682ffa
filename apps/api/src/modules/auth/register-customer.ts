import type { AuthResponse, RegisterBody } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import { assertStrongPassword, hashPassword } from '../../platform/auth/passwords';
import type { AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { insertCustomer } from '../customers/customer-rows';
import { auditSnapshot } from './auth.queries';
import { authResponseFor, startSession } from './sessions';

/** Self-registration: always a `customer` user, linked to a new customer record. */
export async function registerCustomer(ctx: AppContext, input: RegisterBody, meta: RequestMeta): Promise<AuthResponse> {
  await assertStrongPassword(input.password, 'password', [input.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  try {
    const issued = await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now().toISOString();
      const customerId = await insertCustomer(
        trx,
        { name: input.name, email: input.email, phone: input.phone ?? null },
        now,
      );
      const user = await trx
        .insertInto('users')
        .values({
          email: input.email,
          name: input.name,
          password_hash: passwordHash,
          role: 'customer',
          status: 'active',
          customer_id: customerId,
          created_at: now,
          updated_at: now,
          password_changed_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor: { userId: user.id },
        meta,
        action: 'user.registered',
        entity: 'user',
        entityId: user.id,
        after: auditSnapshot(user),
      });
      return startSession(ctx, trx, user, meta);
    });
    return await authResponseFor(ctx, issued);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('email_taken', 409, 'An account with this email already exists');
    throw err;
  }
}
