import type { UpdateCustomerBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { applyCustomerChanges } from './customer-rows';

export function updateCustomer(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdateCustomerBody,
  meta: RequestMeta,
) {
  const { version, ...changes } = input;
  const action = changes.active === false ? 'customer.deactivated' : 'customer.updated';
  return applyCustomerChanges(ctx, actor, id, changes, version, meta, action);
}
