import { MAX_AMOUNT_CENTS } from '@bodega/domain';
import * as z from 'zod';
import { dateTime, emailAddress, pageQuery, text, searchText, version } from './common';

export const customerSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    email: emailAddress.nullable(),
    phone: z.string().nullable(),
    taxId: z.string().nullable(),
    address: z.string().nullable(),
    creditLimitCents: z.number().int(),
    paymentTermsDays: z.number().int(),
    notes: z.string().nullable(),
    active: z.boolean(),
    userId: z.number().int().nullable(),
    deletedAt: dateTime.nullable(),
    deleteReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerSchema>;

/** What a customer sees of their own record. */
export const ownCustomerSchema = customerSchema
  .pick({
    id: true,
    code: true,
    name: true,
    email: true,
    phone: true,
    taxId: true,
    address: true,
    creditLimitCents: true,
    paymentTermsDays: true,
  })
  .extend({
    currency: z.string().meta({ description: "the installation's currency (ISO 4217), for the customer's prices" }),
  })
  .meta({ id: 'OwnCustomer' });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((v) => v.toLowerCase())
  .meta({ format: 'email' });

export const createCustomerBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .optional(),
  name: text(200),
  email: email.nullable().optional(),
  phone: optionalText(40),
  taxId: optionalText(40),
  address: optionalText(500),
  creditLimitCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS).optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  notes: optionalText(5000),
  active: z.boolean().optional(),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = createCustomerBody.partial().extend({ version: version.optional() });
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

export const updateOwnCustomerBody = z.strictObject({
  name: text(200).optional(),
  phone: optionalText(40),
  taxId: optionalText(40),
  address: optionalText(500),
});
export type UpdateOwnCustomerBody = z.infer<typeof updateOwnCustomerBody>;

/** What a customer's credit stands at: the figures the credit check of a credit order uses. */
export const customerCreditSchema = z
  .object({
    customerId: z.number().int(),
    creditLimitCents: z.number().int().meta({ description: '0: no credit' }),
    balanceCents: z.number().int().meta({ description: 'what the customer owes now (open debts)' }),
    pendingCreditCents: z
      .number()
      .int()
      .meta({ description: 'credit orders placed but not yet confirmed, which the limit also counts' }),
    availableCreditCents: z
      .number()
      .int()
      .meta({ description: 'limit minus balance and pending credit, never below 0' }),
  })
  .meta({ id: 'CustomerCredit' });
export type CustomerCredit = z.infer<typeof customerCreditSchema>;

export const deleteCustomerBody = z.strictObject({ reason: text(500) });

export const listCustomersQuery = pageQuery.extend({
  q: searchText(100),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  deleted: z.enum(['true', 'false', 'any']).optional().default('false'),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;
