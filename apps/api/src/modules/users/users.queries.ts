import type { ListUsersQuery } from '@bodega/contract';
import { likeContains, lowerAll, type Db } from '../../db/database';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';
import { toUser } from '../auth/auth.queries';

export async function listUsers(db: Db, query: ListUsersQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'status', 'customer_id'])
    .orderBy('id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('id', '>', after);
  if (query.role) q = q.where('role', '=', query.role);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) {
    const text = query.q.toLowerCase();
    q = q.where((eb) => eb.or([likeContains(eb.ref('email'), text), likeContains(lowerAll(db, eb.ref('name')), text)]));
  }
  return toPage(await q.execute(), query.limit, toUser, (r) => r.id);
}
