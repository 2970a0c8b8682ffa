import type { CreateSupplierBody, Supplier } from '@bodega/contract';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { supplierCodeTaken } from './supplier-errors';
import { findSupplier } from './suppliers.queries';

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
    if (isUniqueViolation(err)) throw supplierCodeTaken();
    throw err;
  }
}
