import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { STATUS_COLOR } from './queries';

const PAGE = 50;

const isStatus = (v: string | null): v is PurchaseOrderStatus =>
  v !== null && (PURCHASE_ORDER_STATUSES as readonly string[]).includes(v);

export function PurchaseOrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const manage = !!user && can(user.role, 'purchasing.manage');
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : undefined;
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
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
  const pushSearch = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 250);

  const orders = useInfiniteQuery({
    queryKey: ['purchase-orders', 'list', { status, q }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/purchase-orders', {
          params: {
            query: {
              limit: PAGE,
              ...(status ? { status } : {}),
              ...(q ? { q } : {}),
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
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('purchasing.title')}</Title>
        {manage && (
          <Group>
            <Button variant="default" component={Link} to="/purchase-orders/suggestions">
              {t('purchasing.suggestions.nav')}
            </Button>
            <Button component={Link} to="/purchase-orders/new">
              {t('purchasing.new')}
            </Button>
          </Group>
        )}
      </Group>
      <Group align="end">
        <Select
          label={t('purchasing.statusFilter')}
          clearable
          placeholder={t('purchasing.allStatuses')}
          data={PURCHASE_ORDER_STATUSES.map((s) => ({ value: s, label: t(`purchasing.status.${s}`) }))}
          value={status ?? null}
          onChange={(v) => setParam('status', v)}
          w={220}
        />
        <TextInput
          label={t('purchasing.searchNumber')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            pushSearch(e.currentTarget.value);
          }}
          w={240}
        />
      </Group>
      {orders.isPending ? (
        <PageLoader />
      ) : orders.isError ? (
        <ErrorAlert error={orders.error} />
      ) : rows.length === 0 ? (
        <Empty>{status || q ? t('purchasing.noMatch') : t('purchasing.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('purchasing.number')}</Table.Th>
                  <Table.Th>{t('purchasing.supplier')}</Table.Th>
                  <Table.Th>{t('purchasing.statusLabel')}</Table.Th>
                  <Table.Th>{t('purchasing.expectedDate')}</Table.Th>
                  <Table.Th ta="right">{t('purchasing.lineCount')}</Table.Th>
                  <Table.Th ta="right">{t('purchasing.total')}</Table.Th>
                  <Table.Th>{t('purchasing.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((po) => (
                  <Table.Tr key={po.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/purchase-orders/${po.id}`}>
                        {po.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{po.supplierName}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[po.status]} variant="light">
                        {t(`purchasing.status.${po.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{po.expectedDate ? format.date(po.expectedDate) : ''}</Table.Td>
                    <Table.Td ta="right">{format.number(po.lineCount)}</Table.Td>
                    <Table.Td ta="right">
                      {currency ? format.money(po.totalCents, currency) : format.number(po.totalCents / 100)}
                    </Table.Td>
                    <Table.Td>{format.dateTime(po.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {orders.hasNextPage && (
            <Group>
              <Button variant="default" loading={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
                {t('purchasing.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
