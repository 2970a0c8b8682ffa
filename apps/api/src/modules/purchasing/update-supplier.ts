import type { Supplier, UpdateSupplierBody } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { supplierCodeTaken } from './supplier-errors';
import { findSupplier } from './suppliers.queries';

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
    if (isUniqueViolation(err)) throw supplierCodeTaken();
    throw err;
  }
}
