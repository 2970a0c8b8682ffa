import { errorText, useFormat } from '@bodega/app-kit';
import { BodegaApiError, unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Switch, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { asProduct, categoriesQuery, categoryPaths, saveBlob, type ProductFilters } from './api';

const PAGE = 50;
/** Short enough to feel instant, long enough not to send a request per key. */
const SEARCH_DEBOUNCE_MS = 150;

function filtersOf(params: URLSearchParams): Omit<ProductFilters, 'q'> {
  const category = Number(params.get('category'));
  const status = params.get('status');
  return {
    ...(category > 0 ? { categoryId: category } : {}),
    ...(status === 'active' ? { active: true } : status === 'archived' ? { active: false } : {}),
    ...(params.get('low') === '1' ? { lowStock: true } : {}),
  };
}

export function ProductsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'catalog.write');
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const filters = filtersOf(params);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const categories = useQuery(categoriesQuery);
  const paths = useMemo(() => categoryPaths(categories.data?.items ?? []), [categories.data]);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  // The debounced search goes to the URL, so a view can be shared and survives reload.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || null });
  }, [q]);
  // A link to the bare list (the navbar) clears the search box too.
  const urlQ = params.get('q') ?? '';
  useEffect(() => {
    if (urlQ !== q) setSearch(urlQ);
  }, [urlQ]);

  const products = useKeysetList({
    queryKey: ['products', 'list', { q, ...filters }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/products', {
          params: {
            query: {
              limit: PAGE,
              ...(q ? { q } : {}),
              ...(filters.categoryId ? { categoryId: filters.categoryId } : {}),
              ...(filters.active !== undefined ? { active: filters.active ? 'true' : 'false' } : {}),
              ...(filters.lowStock ? { lowStock: 'true' } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ).then((page) => ({ ...page, items: page.items.map(asProduct) })),
  });

  const labels = useMutation({
    mutationFn: async (productIds: number[]) => {
      const { data, error, response } = await bodega.api.POST('/api/v1/products/labels', {
        body: { productIds },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new BodegaApiError(response.status, error);
      return data as Blob;
    },
    onSuccess: (blob) => saveBlob(blob, 'labels.pdf'),
    onError: (err) => notifications.show({ color: 'red', message: errorText(t, err) }),
  });
  const exportCsv = useMutation({
    mutationFn: () => bodega.download('/api/v1/products/export', {}),
    onSuccess: (file) => saveBlob(file.blob, file.filename ?? 'products.csv'),
    onError: (err) => notifications.show({ color: 'red', message: errorText(t, err) }),
  });

  const { rows } = products;
  const allSelected = rows.length > 0 && rows.every((p) => selected.has(p.id));
  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const money = (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('products.title')}</Title>
        {canWrite && (
          <Group gap="xs">
            <Button component={Link} to="/products/new">
              {t('products.new')}
            </Button>
            <Button component={Link} to="/products/import" variant="default">
              {t('products.import.action')}
            </Button>
            <Button variant="default" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
              {t('products.export')}
            </Button>
          </Group>
        )}
      </Group>
      <Group align="end">
        <TextInput
          label={t('products.search')}
          placeholder={t('products.searchHint')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Select
          label={t('products.category')}
          placeholder={t('products.allCategories')}
          clearable
          searchable
          data={[...paths].map(([id, path]) => ({ value: String(id), label: path }))}
          value={filters.categoryId ? String(filters.categoryId) : null}
          onChange={(v) => update({ category: v })}
          w={240}
        />
        <Select
          label={t('products.status')}
          data={[
            { value: 'all', label: t('products.statusAll') },
            { value: 'active', label: t('products.active') },
            { value: 'archived', label: t('products.archived') },
          ]}
          value={params.get('status') ?? 'all'}
          onChange={(v) => update({ status: v === 'all' ? null : v })}
          allowDeselect={false}
          w={160}
        />
        <Switch
          label={t('products.lowStock')}
          checked={!!filters.lowStock}
          onChange={(e) => update({ low: e.currentTarget.checked ? '1' : null })}
          mb={8}
        />
        {canWrite && (
          <Button
            variant="light"
            disabled={selected.size === 0}
            loading={labels.isPending}
            onClick={() => labels.mutate([...selected])}
          >
            {t('products.printLabels', { count: selected.size })}
          </Button>
        )}
      </Group>
      <QueryTable
        list={products}
        empty={q || Object.keys(filters).length ? t('products.noMatch') : t('products.empty')}
        minWidth={720}
        columns={[
          canWrite && {
            label: (
              <Checkbox
                aria-label={t('products.selectAll')}
                checked={allSelected}
                indeterminate={!allSelected && rows.some((p) => selected.has(p.id))}
                onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((p) => p.id)))}
              />
            ),
            w: 40,
          },
          t('products.name'),
          t('products.sku'),
          t('products.category'),
          { label: t('products.price'), ta: 'right' },
          { label: t('products.onHand'), ta: 'right' },
          t('products.status'),
        ]}
        striped
        highlightOnHover
        data-testid="products-table"
      >
        {(p) => (
          <Table.Tr key={p.id}>
            {canWrite && (
              <Table.Td>
                <Checkbox
                  aria-label={t('products.select', { sku: p.sku })}
                  checked={selected.has(p.id)}
                  onChange={() => toggle(p.id)}
                />
              </Table.Td>
            )}
            <Table.Td>
              <Anchor component={Link} to={`/products/${p.id}`}>
                {p.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{p.sku}</Table.Td>
            <Table.Td>{p.categoryId ? (paths.get(p.categoryId) ?? '') : ''}</Table.Td>
            <Table.Td ta="right">{money(p.priceCents)}</Table.Td>
            <Table.Td ta="right">
              {p.onHand === undefined ? '' : format.number(p.onHand)}
              {p.onHand !== undefined && p.reorderPoint > 0 && p.onHand <= p.reorderPoint && (
                <Badge ml="xs" color="orange" size="xs">
                  {t('products.low')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{p.active ? t('products.active') : t('products.archived')}</Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
