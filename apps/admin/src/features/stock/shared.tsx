import { unwrap } from '@bodega/client';
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UrlFilters } from '../../components/url-filters';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';

/** GET /locations: every location, the default first. */
export const locationsQuery = queryOptions({
  queryKey: ['locations', 'list'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/locations', { signal })),
  staleTime: 60_000,
});

/** One product (for a name in a table, or the label of a picked product). */
export const productQuery = (id: number) =>
  queryOptions({
    queryKey: ['products', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal })),
    staleTime: 60_000,
  });

/** The business currency, for money columns (null until known). */
export function useCurrency(): string | null {
  return useQuery({ ...dashboardQuery, select: (d) => d.currency }).data ?? null;
}

/** The locations as select options; `activeOnly` for the ones a stock write may use. */
export function useLocationOptions(activeOnly: boolean) {
  const locations = useQuery(locationsQuery);
  const items = locations.data?.items ?? [];
  return {
    locations,
    items,
    options: items.filter((l) => !activeOnly || l.active).map((l) => ({ value: String(l.id), label: l.name })),
    defaultId: items.find((l) => l.isDefault)?.id ?? null,
    nameOf: (id: number) => items.find((l) => l.id === id)?.name ?? `#${id}`,
  };
}

const productLabel = (p: { name: string; sku: string }) => `${p.name} (${p.sku})`;

/** A product picked by searching GET /products?q=… (the server does the matching). */
export function ProductSelect({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & { value: number | null; onChange: (id: number | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const selected = useQuery({ ...productQuery(value ?? 0), enabled: value !== null });
  const selectedLabel = value !== null && selected.data ? productLabel(selected.data) : null;
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const q = debounced === selectedLabel ? '' : debounced;
  const found = useQuery({
    queryKey: ['products', 'pick', { q }],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/products', { params: { query: { limit: 20, ...(q ? { q } : {}) } }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = (found.data?.items ?? []).map((p) => ({ value: String(p.id), label: productLabel(p) }));
  if (selectedLabel && value !== null && !options.some((o) => o.value === String(value)))
    options.unshift({ value: String(value), label: selectedLabel });
  return (
    <Select
      searchable
      clearable
      {...props}
      data={options}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={t('stock.form.noProduct')}
    />
  );
}

/** After a stock write: what it changed goes stale, and the user hears it went through. */
export function afterStockWrite(queryClient: QueryClient, title: string, message: string) {
  for (const root of ['stock', 'movements', 'alerts', 'products', 'reports', 'counts'])
    void queryClient.invalidateQueries({ queryKey: [root] });
  notifications.show({ color: 'teal', title, message });
}

/** A number from a NumberInput ('' while empty). */
export const numberOf = (v: number | string): number | undefined =>
  v === '' || v === null || v === undefined ? undefined : Number(v);

/** The location filter of a stock list (`?locationId=`), "all locations" when cleared. */
export function LocationFilter({
  filters,
  options,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  filters: UrlFilters;
  options: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const id = filters.id('locationId');
  return (
    <Select
      label={t('stock.location')}
      placeholder={t('stock.allLocations')}
      {...props}
      data={options}
      value={id ? String(id) : null}
      onChange={(v) => filters.set('locationId', v)}
      clearable
    />
  );
}
