import type { Db, Tx } from '../../db/database';

/**
 * What a customer owes now. Debts and payments arrive with the receivables issue; until then
 * nobody owes anything. Credit checks and customer deletion already ask here.
 */
export async function openBalanceCents(_db: Db | Tx, _customerId: number): Promise<number> {
  return 0;
}
