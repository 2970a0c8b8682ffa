import type { CreateUserBody, User } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import { assertStrongPassword, hashPassword } from '../../platform/auth/passwords';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { auditSnapshot, toUser } from '../auth/auth.queries';

/** An admin creates a staff account (customers register themselves). */
export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: CreateUserBody,
  meta: RequestMeta,
): Promise<User> {
  await assertStrongPassword(input.password, 'password', [input.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now().toISOString();
      const user = await trx
        .insertInto('users')
        .values({
          email: input.email,
          name: input.name,
          role: input.role,
          status: 'active',
          password_hash: passwordHash,
          customer_id: null,
          created_at: now,
          updated_at: now,
          password_changed_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'user.created',
        entity: 'user',
        entityId: user.id,
        after: auditSnapshot(user),
      });
      return toUser(user);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('email_taken', 409, 'An account with this email already exists');
    throw err;
  }
}
