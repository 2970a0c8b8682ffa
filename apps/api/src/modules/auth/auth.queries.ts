import type { User } from '@bodega/contract';
import type { Db, Tx } from '../../db/database';
import type { UserRow } from '../../db/schema';

export function toUser(row: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'status' | 'customer_id'>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    customerId: row.customer_id,
  };
}

/** A user as it may appear in the audit log: never the password hash. */
export function auditSnapshot(row: UserRow) {
  const { password_hash: _omit, ...rest } = row;
  return toUser(rest);
}

export function findUserByEmail(db: Db | Tx, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Db | Tx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
