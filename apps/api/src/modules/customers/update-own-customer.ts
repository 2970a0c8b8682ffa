import type { UpdateOwnCustomerBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { applyCustomerChanges } from './customer-rows';

/** A customer edits their own contact details; limits, terms, code and notes stay staff's. */
export function updateOwnCustomer(ctx: AppContext, actor: Actor, input: UpdateOwnCustomerBody, meta: RequestMeta) {
  if (actor.customerId === null) throw notFound('Customer');
  return applyCustomerChanges(ctx, actor, actor.customerId, input, undefined, meta, 'customer.self_updated');
}
