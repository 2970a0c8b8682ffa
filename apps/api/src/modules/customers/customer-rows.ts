import type { CreateCustomerBody, Customer, UpdateCustomerBody } from '@bodega/contract';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, type Tx } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { findCustomer } from './customers.queries';

export const codeTaken = () => new AppError('conflict', 409, 'Another customer has this code');

/** Codes are the staff's own, or generated from the id (C-000042). */
export async function insertCustomer(trx: Tx, input: CreateCustomerBody, now: string): Promise<number> {
  const row = await trx
    .insertInto('customers')
    .values({
      code: input.code ?? `tmp-${randomUUID()}`,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      tax_id: input.taxId ?? null,
      address: input.address ?? null,
      credit_limit_cents: input.creditLimitCents ?? 0,
      payment_terms_days: input.paymentTermsDays ?? 0,
      notes: input.notes ?? null,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!input.code) {
    await trx
      .updateTable('customers')
      .set({ code: `C-${String(row.id).padStart(6, '0')}` })
      .where('id', '=', row.id)
      .execute();
  }
  return row.id;
}

export type CustomerChanges = Omit<UpdateCustomerBody, 'version'>;

/** One conditional UPDATE: a stale `version` (when given) is a 412, never a lost update. */
export async function applyCustomerChanges(
  ctx: AppContext,
  actor: Actor,
  id: number,
  changes: CustomerChanges,
  version: number | undefined,
  meta: RequestMeta,
  action: string,
): Promise<Customer> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await findCustomer(trx, id);
      if (before.deletedAt) throw notFound('Customer');
      const set = {
        ...(changes.code !== undefined ? { code: changes.code } : {}),
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
        ...(changes.taxId !== undefined ? { tax_id: changes.taxId } : {}),
        ...(changes.address !== undefined ? { address: changes.address } : {}),
        ...(changes.creditLimitCents !== undefined ? { credit_limit_cents: changes.creditLimitCents } : {}),
        ...(changes.paymentTermsDays !== undefined ? { payment_terms_days: changes.paymentTermsDays } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
      };
      const updated = await trx
        .updateTable('customers')
        .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: ctx.now().toISOString() }))
        .where('id', '=', id)
        .$if(version !== undefined, (q) => q.where('version', '=', version!))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        throw new AppError('precondition_failed', 412, 'Someone else changed this customer; reload and try again');
      }
      const after = await findCustomer(trx, id);
      await recordAudit(trx, { actor, meta, action, entity: 'customer', entityId: id, before, after });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}
