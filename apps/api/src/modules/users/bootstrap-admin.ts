import { randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../../db/database';
import { hashPassword } from '../../platform/auth/passwords';
import type { AppContext } from '../../platform/context';
import { recordAudit } from '../audit/record-audit';
import { auditSnapshot } from '../auth/auth.queries';

export type BootstrapResult = { created: false } | { created: true; email: string; generatedPassword: string | null };

/**
 * The first start creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, or with a
 * generated password that the caller prints once. Later starts change nothing.
 */
export async function bootstrapAdmin(ctx: AppContext): Promise<BootstrapResult> {
  const existing = await ctx.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (existing) return { created: false };
  const { email, name } = ctx.config.admin;
  const generatedPassword = ctx.config.admin.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(ctx.config.admin.password ?? generatedPassword!);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const again = await trx.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
      if (again) {
        // Another server won the race, or the email belongs to a non-admin: leave it alone.
        if (again.role !== 'admin')
          ctx.log.error(`ADMIN_EMAIL ${email} belongs to a non-admin account; no admin was created`);
        return { created: false as const };
      }
      const now = ctx.now().toISOString();
      const user = await trx
        .insertInto('users')
        .values({
          email,
          name,
          role: 'admin',
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
        actor: null,
        meta: null,
        action: 'user.bootstrapped',
        entity: 'user',
        entityId: user.id,
        after: auditSnapshot(user),
      });
      return { created: true as const, email, generatedPassword };
    });
  } catch (err) {
    // Another server created the admin at the same moment (its insert won the unique email).
    if (isUniqueViolation(err)) return { created: false };
    throw err;
  }
}
