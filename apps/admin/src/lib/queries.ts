import { unwrap } from '@bodega/client';
import { queryOptions } from '@tanstack/react-query';
import { bodega } from './bodega';

/** GET /reports/dashboard: the KPI cards, and the business currency for every money column. */
export const dashboardQuery = queryOptions({
  queryKey: ['reports', 'dashboard'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/reports/dashboard', { signal })),
  staleTime: 60_000,
});
