import type { CreateCustomerBody, Customer } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { recordAudit } from '../audit/record-audit';
import { codeTaken, insertCustomer } from './customer-rows';
import { findCustomer } from './customers.queries';

export async function createCustomer(
  ctx: AppContext,
  actor: Actor,
  input: CreateCustomerBody,
  meta: RequestMeta,
): Promise<Customer> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const id = await insertCustomer(trx, input, ctx.now().toISOString());
      const customer = await findCustomer(trx, id);
      await recordAudit(trx, {
        actor,
        meta,
        action: 'customer.created',
        entity: 'customer',
        entityId: id,
        after: customer,
      });
      return customer;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}
