import { unwrap } from '@bodega/client';
import { Alert, Button, Group, Loader, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useFormat } from '@bodega/app-kit';
import { dashboardQuery } from '../../lib/queries';

const PAGE = 50;

export function ProductsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;

  const products = useInfiniteQuery({
    queryKey: ['products', 'list', { q }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/products', {
          params: { query: { limit: PAGE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

  const rows = products.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('products.title')}</Title>
      <TextInput
        placeholder={t('products.search')}
        aria-label={t('products.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
      />
      {products.isPending ? (
        <Loader />
      ) : products.isError ? (
        <ErrorAlert error={products.error} />
      ) : rows.length === 0 ? (
        <Alert color="gray">{q ? t('products.noMatch') : t('products.empty')}</Alert>
      ) : (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('products.name')}</Table.Th>
                <Table.Th>{t('products.sku')}</Table.Th>
                <Table.Th ta="right">{t('products.price')}</Table.Th>
                <Table.Th>{t('products.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.sku}</Table.Td>
                  <Table.Td ta="right">
                    {currency ? format.money(p.priceCents, currency) : format.number(p.priceCents / 100)}
                  </Table.Td>
                  <Table.Td>{'active' in p && !p.active ? t('products.inactive') : t('products.active')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {products.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={products.isFetchingNextPage}
                onClick={() => void products.fetchNextPage()}
              >
                {t('products.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
