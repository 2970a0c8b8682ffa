import { unwrap, type components } from '@bodega/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { bodega } from './bodega';

/**
 * GET /customers/me: the signed-in customer's record (credit limit, payment terms) and the
 * installation's currency.
 */
export const ownCustomerQuery = queryOptions({
  queryKey: ['customers', 'me'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/customers/me', { signal })),
  staleTime: 60_000,
});

type Statement = components['schemas']['Statement'];

/** The customer's statement: what they owe, debt by debt and payment by payment. */
export const statementQuery = (customerId: number) =>
  queryOptions({
    queryKey: ['receivables', 'statement', customerId],
    queryFn: ({ signal }): Promise<Statement> =>
      unwrap(
        bodega.api.GET('/api/v1/customers/{id}/statement', {
          params: { path: { id: customerId }, query: { format: 'json' } },
          signal,
        }),
      ) as Promise<Statement>,
    staleTime: 60_000,
  });

/** The installation's currency (ISO 4217), or null until known. */
export function useCurrency(): string | null {
  return useQuery(ownCustomerQuery).data?.currency ?? null;
}
