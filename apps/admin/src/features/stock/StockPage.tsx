import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { useLocationOptions } from './shared';

const PAGE = 50;

export function StockPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'stock.write');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const locationId = Number(params.get('locationId')) || undefined;
  const lowStock = params.get('lowStock') === 'true';
  const [search, setSearch] = useState(q);
  const { options, nameOf } = useLocationOptions(false);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const writeSearch = useDebouncedCallback((v: string) => setParam('q', v.trim() || null), 250);

  const levels = useInfiniteQuery({
    queryKey: ['stock', 'list', { q, locationId, lowStock }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/stock', {
          params: {
            query: {
              limit: PAGE,
              ...(q ? { q } : {}),
              ...(locationId ? { locationId } : {}),
              ...(lowStock ? { lowStock: 'true' as const } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = levels.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(q || locationId || lowStock);
  const link = (path: string, productId: number, at: number) => `${path}?productId=${productId}&locationId=${at}`;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('stock.title')}</Title>
        <Group gap="xs">
          {canWrite && (
            <>
              <Button component={Link} to="/stock/receive">
                {t('stock.actions.receive')}
              </Button>
              <Button component={Link} to="/stock/adjust" variant="default">
                {t('stock.actions.adjust')}
              </Button>
              <Button component={Link} to="/stock/transfer" variant="default">
                {t('stock.actions.transfer')}
              </Button>
              <Button component={Link} to="/stock/count" variant="default">
                {t('stock.actions.count')}
              </Button>
            </>
          )}
          <Button component={Link} to="/stock/movements" variant="subtle">
            {t('stock.movements.nav')}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <TextInput
          label={t('stock.search')}
          placeholder={t('stock.searchHint')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            writeSearch(e.currentTarget.value);
          }}
          w={320}
        />
        <Select
          label={t('stock.location')}
          placeholder={t('stock.allLocations')}
          data={options}
          value={locationId ? String(locationId) : null}
          onChange={(v) => setParam('locationId', v)}
          clearable
          w={220}
        />
        <Checkbox
          label={t('stock.lowStockOnly')}
          checked={lowStock}
          onChange={(e) => setParam('lowStock', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      {levels.isPending ? (
        <PageLoader />
      ) : levels.isError ? (
        <ErrorAlert error={levels.error} />
      ) : rows.length === 0 ? (
        <Empty>{filtered ? t('stock.noMatch') : t('stock.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="stock-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('stock.product')}</Table.Th>
                  <Table.Th>{t('stock.location')}</Table.Th>
                  <Table.Th ta="right">{t('stock.onHand')}</Table.Th>
                  <Table.Th ta="right">{t('stock.reserved')}</Table.Th>
                  <Table.Th ta="right">{t('stock.available')}</Table.Th>
                  <Table.Th ta="right">{t('stock.incoming')}</Table.Th>
                  <Table.Th ta="right">{t('stock.reorderPoint')}</Table.Th>
                  {canWrite && <Table.Th>{t('stock.rowActions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((l) => (
                  <Table.Tr key={`${l.productId}-${l.locationId}`} data-testid={`stock-${l.productId}-${l.locationId}`}>
                    <Table.Td>
                      <Text size="sm">{l.name ?? `#${l.productId}`}</Text>
                      <Text size="xs" c="dimmed">
                        {l.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td>{nameOf(l.locationId)}</Table.Td>
                    <Table.Td ta="right" data-testid="on-hand">
                      {format.number(l.onHand)}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(l.reserved)}</Table.Td>
                    <Table.Td ta="right" data-testid="available">
                      {format.number(l.available)}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(l.incoming ?? 0)}</Table.Td>
                    <Table.Td ta="right">{l.reorderPoint === undefined ? '' : format.number(l.reorderPoint)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Anchor component={Link} size="sm" to={link('/stock/receive', l.productId, l.locationId)}>
                            {t('stock.row.receive')}
                          </Anchor>
                          <Anchor component={Link} size="sm" to={link('/stock/adjust', l.productId, l.locationId)}>
                            {t('stock.row.adjust')}
                          </Anchor>
                          <Anchor component={Link} size="sm" to={link('/stock/transfer', l.productId, l.locationId)}>
                            {t('stock.row.transfer')}
                          </Anchor>
                          <Anchor component={Link} size="sm" to={link('/stock/count', l.productId, l.locationId)}>
                            {t('stock.row.count')}
                          </Anchor>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {levels.hasNextPage && (
            <Group>
              <Button variant="default" loading={levels.isFetchingNextPage} onClick={() => void levels.fetchNextPage()}>
                {t('stock.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
