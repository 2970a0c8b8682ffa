import type { CreateSupplierBody, Supplier, UpdateSupplierBody } from '@bodega/contract';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findSupplier } from './suppliers.queries';

const codeTaken = () => new AppError('conflict', 409, 'Another supplier has this code (codes ignore case)');

/** Codes are the staff's own, or generated from the id (S-000042). */
export async function createSupplier(
  ctx: AppContext,
  actor: Actor,
  input: CreateSupplierBody,
  meta: RequestMeta,
): Promise<Supplier> {
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      const row = await trx
        .insertInto('suppliers')
        .values({
          code: input.code ?? `tmp-${randomUUID()}`,
          name: input.name,
          contact: input.contact ?? null,
          email: input.email ?? null,
          phone: input.phone ?? null,
          tax_id: input.taxId ?? null,
          address: input.address ?? null,
          payment_terms_days: input.paymentTermsDays ?? 0,
          lead_time_days: input.leadTimeDays ?? 7,
          notes: input.notes ?? null,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!input.code) {
        await trx
          .updateTable('suppliers')
          .set({ code: `S-${String(row.id).padStart(6, '0')}` })
          .where('id', '=', row.id)
          .execute();
      }
      const supplier = await findSupplier(trx, row.id);
      await recordAudit(trx, {
        actor,
        meta,
        action: 'supplier.created',
        entity: 'supplier',
        entityId: row.id,
        after: supplier,
      });
      return supplier;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}

/** One conditional UPDATE: a stale `version` (when given) is a 412, never a lost update. */
export async function updateSupplier(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdateSupplierBody,
  meta: RequestMeta,
): Promise<Supplier> {
  const { version, ...changes } = input;
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      const before = await findSupplier(trx, id);
      const set = {
        ...(changes.code !== undefined ? { code: changes.code } : {}),
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.contact !== undefined ? { contact: changes.contact } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
        ...(changes.taxId !== undefined ? { tax_id: changes.taxId } : {}),
        ...(changes.address !== undefined ? { address: changes.address } : {}),
        ...(changes.paymentTermsDays !== undefined ? { payment_terms_days: changes.paymentTermsDays } : {}),
        ...(changes.leadTimeDays !== undefined ? { lead_time_days: changes.leadTimeDays } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
      };
      const updated = await trx
        .updateTable('suppliers')
        .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .$if(version !== undefined, (q) => q.where('version', '=', version!))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        throw new AppError('precondition_failed', 412, 'Someone else changed this supplier; reload and try again');
      }
      const after = await findSupplier(trx, id);
      const action = changes.active === false && before.active ? 'supplier.deactivated' : 'supplier.updated';
      await recordAudit(trx, { actor, meta, action, entity: 'supplier', entityId: id, before, after });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}
