import type { components } from '@bodega/client';
import { unwrap } from '@bodega/client';
import { OPEN_DEBT_STATUSES } from '@bodega/domain';
import { queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export type Debt = components['schemas']['Debt'];
export type Payment = components['schemas']['Payment'];
export type Debtor = components['schemas']['Debtor'];
export type Statement = components['schemas']['Statement'];
export type AgingReport = components['schemas']['AgingReport'];
/** GET /debtors without `format=csv`: a page of debtors (the route also answers CSV, hence the narrowing). */
export type DebtorsPage = { items: Debtor[]; nextCursor: string | null };

export const PAGE = 50;

/** The query roots a recorded or voided payment changes. */
export const PAYMENT_ROOTS = ['debts', 'payments', 'receivables', 'customers', 'orders', 'reports'] as const;

/** One customer (name and code for lists and headings); staff read any, deleted included. */
export const customerQuery = (id: number) =>
  queryOptions({
    queryKey: ['customers', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/customers/{id}', { params: { path: { id } }, signal })),
    staleTime: 60_000,
  });

export const debtQuery = (id: number) =>
  queryOptions({
    queryKey: ['debts', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/debts/{id}', { params: { path: { id } }, signal })),
  });

export const paymentQuery = (id: number) =>
  queryOptions({
    queryKey: ['payments', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/payments/{id}', { params: { path: { id } }, signal })),
  });

/** Every debt of a customer still owing something (all pages): what a payment can settle. */
export const openDebtsQuery = (customerId: number) =>
  queryOptions({
    queryKey: ['debts', 'open', customerId],
    queryFn: async ({ signal }) => {
      const open: Debt[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Debt[]; nextCursor: string | null } = await unwrap(
          bodega.api.GET('/api/v1/debts', {
            params: { query: { customerId, limit: 200, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        open.push(...page.items.filter((d) => (OPEN_DEBT_STATUSES as readonly string[]).includes(d.status)));
        cursor = page.nextCursor;
      } while (cursor);
      return open;
    },
  });

/** Customers matching a search, for the customer pickers. */
export const customerSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['customers', 'search', q],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/customers', { params: { query: { limit: 20, ...(q ? { q } : {}) } }, signal })),
    staleTime: 30_000,
  });

/** Every payment of a customer, newest first (all pages): what settled a debt. */
export const customerPaymentsQuery = (customerId: number) =>
  queryOptions({
    queryKey: ['payments', 'customer', customerId],
    queryFn: async ({ signal }) => {
      const all: Payment[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Payment[]; nextCursor: string | null } = await unwrap(
          bodega.api.GET('/api/v1/payments', {
            params: { query: { customerId, limit: 200, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
  });
