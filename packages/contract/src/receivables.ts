import { DEBT_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES_LEDGER } from '@bodega/domain';
import * as z from 'zod';
import {
  amountCents as cents,
  dateTime,
  documentLanguage,
  emailAddress,
  id,
  idSchema,
  listFormat,
  pageQuery,
  text,
} from './common';

export const day = z.iso.date().meta({ description: 'a calendar day, YYYY-MM-DD' });

export const debtSchema = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    orderId: z.number().int().nullable(),
    orderNumber: z.string().nullable(),
    amountCents: z.number().int(),
    paidCents: z.number().int(),
    creditedCents: z.number().int(),
    balanceCents: z.number().int(),
    status: z.enum(DEBT_STATUSES),
    dueDate: day,
    overdue: z.boolean(),
    daysOverdue: z.number().int(),
    note: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'Debt' });
export type Debt = z.infer<typeof debtSchema>;

export const manualDebtBody = z.strictObject({
  customerId: id,
  amountCents: cents,
  dueDate: day.optional().meta({ description: 'today when absent' }),
  note: text(500).meta({ description: 'why: an opening balance, a fee…' }),
});
export type ManualDebtBody = z.infer<typeof manualDebtBody>;

export const listDebtsQuery = pageQuery.extend({
  customerId: idSchema.optional(),
  status: z.enum(DEBT_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListDebtsQuery = z.infer<typeof listDebtsQuery>;

export const paymentSchema = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    amountCents: z.number().int(),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().nullable(),
    receivedAt: day,
    status: z.enum(PAYMENT_STATUSES_LEDGER),
    voidReason: z.string().nullable(),
    voidedAt: dateTime.nullable(),
    allocations: z.array(
      z.object({ debtId: z.number().int(), orderId: z.number().int().nullable(), amountCents: z.number().int() }),
    ),
    createdAt: dateTime,
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof paymentSchema>;

export const recordPaymentBody = z.strictObject({
  customerId: id,
  amountCents: cents,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().trim().max(100).optional(),
  receivedAt: day.optional().meta({ description: 'today when absent' }),
  allocations: z
    .array(z.strictObject({ debtId: id, amountCents: cents }))
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'explicit split; oldest debt first when absent' }),
});
export type RecordPaymentBody = z.infer<typeof recordPaymentBody>;

export const voidPaymentBody = z.strictObject({ reason: text(500) });

export const listPaymentsQuery = pageQuery.extend({
  customerId: idSchema.optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  status: z.enum(PAYMENT_STATUSES_LEDGER).optional(),
  from: day.optional(),
  to: day.optional(),
});
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;

export const DEBTOR_SORTS = ['balance', 'overdue', 'oldestDue', 'name', 'lastPayment'] as const;
export const debtorSchema = z
  .object({
    customerId: z.number().int(),
    code: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: emailAddress.nullable(),
    balanceCents: z.number().int(),
    overdueCents: z.number().int(),
    openDebts: z.number().int(),
    oldestDueDate: day,
    daysOverdue: z.number().int(),
    lastPaymentAt: day.nullable(),
    creditLimitCents: z.number().int(),
  })
  .meta({ id: 'Debtor' });
export type Debtor = z.infer<typeof debtorSchema>;

export const listDebtorsQuery = pageQuery.extend({
  sort: z.enum(DEBTOR_SORTS).default('balance'),
  order: z.enum(['asc', 'desc']).optional(),
  overdueOnly: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  format: listFormat.optional(),
});
export type ListDebtorsQuery = z.infer<typeof listDebtorsQuery>;

export const statementQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  format: z.enum([...listFormat.options, 'pdf']).optional(),
  lang: documentLanguage.optional(),
});
export type StatementQuery = z.infer<typeof statementQuery>;

export const statementSchema = z
  .object({
    customerId: z.number().int(),
    customerName: z.string(),
    currency: z.string(),
    from: day.nullable(),
    to: day,
    openingBalanceCents: z.number().int(),
    closingBalanceCents: z.number().int(),
    entries: z.array(
      z.object({
        date: day,
        kind: z.enum(['debt', 'payment', 'credit', 'void']),
        reference: z.string(),
        description: z.string(),
        debitCents: z.number().int(),
        creditCents: z.number().int(),
        balanceCents: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Statement' });
export type Statement = z.infer<typeof statementSchema>;

const agingBuckets = {
  currentCents: z.number().int(),
  days1to30Cents: z.number().int(),
  days31to60Cents: z.number().int(),
  days61to90Cents: z.number().int(),
  over90Cents: z.number().int(),
  totalCents: z.number().int(),
};
export const agingRowSchema = z.object({
  customerId: z.number().int(),
  code: z.string(),
  name: z.string(),
  ...agingBuckets,
});
export type AgingRow = z.infer<typeof agingRowSchema>;

export const agingReportSchema = z
  .object({ asOf: day, currency: z.string(), customers: z.array(agingRowSchema), totals: z.object(agingBuckets) })
  .meta({ id: 'AgingReport' });
export type AgingReport = z.infer<typeof agingReportSchema>;

export const agingQuery = z.object({ asOf: day.optional(), format: listFormat.optional() });
