import { ROLES, STAFF_ROLES, USER_STATUSES } from '@bodega/domain';
import * as z from 'zod';
import { emailSchema, pageQuery, text, searchText } from './common';
import { passwordSchema } from './auth';

export const createUserBody = z.strictObject({
  email: emailSchema,
  name: text(120),
  role: z.enum(STAFF_ROLES),
  password: passwordSchema,
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .strictObject({ role: z.enum(STAFF_ROLES).optional(), status: z.enum(USER_STATUSES).optional() })
  .refine((b) => b.role !== undefined || b.status !== undefined, { message: 'nothing to change' });
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const listUsersQuery = pageQuery.extend({
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  q: searchText(100),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
