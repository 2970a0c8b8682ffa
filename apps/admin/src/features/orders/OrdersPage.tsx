import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, ORDER_STATUSES, type OrderStatus } from '@bodega/domain';
import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { CustomerPicker } from './CustomerPicker';
import { OrderStatusBadge } from './OrderStatusBadge';
import { customerQuery, useMoney } from './queries';

const PAGE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A local calendar day as the instant it starts (or the next day's start, for an inclusive "to"). */
const dayStart = (day: string, plusDays = 0) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

export function OrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const status = ORDER_STATUSES.find((s) => s === params.get('status'));
  const customerId = Number(params.get('customerId')) || null;
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : '';

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

  const filters = { status, customerId, from, to };
  const orders = useInfiniteQuery({
    queryKey: ['orders', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/orders', {
          params: {
            query: {
              limit: PAGE,
              ...(status ? { status } : {}),
              ...(customerId ? { customerId } : {}),
              ...(from ? { from: dayStart(from) } : {}),
              ...(to ? { to: dayStart(to, 1) } : {}),
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
  const filtered = Boolean(status || customerId || from || to);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('orders.title')}</Title>
        {user && can(user.role, 'orders.create') && (
          <Button component={Link} to="/orders/new">
            {t('orders.new')}
          </Button>
        )}
      </Group>
      <Group align="end" wrap="wrap">
        <Select
          label={t('orders.status')}
          clearable
          w={180}
          value={status ?? null}
          onChange={(v) => setParam('status', v)}
          data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
        />
        <CustomerPicker
          label={t('orders.customer')}
          value={customerId}
          onChange={(id) => setParam('customerId', id ? String(id) : null)}
          w={280}
        />
        <TextInput
          type="date"
          label={t('orders.from')}
          value={from}
          onChange={(e) => setParam('from', e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('orders.to')}
          value={to}
          onChange={(e) => setParam('to', e.currentTarget.value)}
        />
      </Group>
      {orders.isPending ? (
        <PageLoader />
      ) : orders.isError ? (
        <ErrorAlert error={orders.error} />
      ) : rows.length === 0 ? (
        <Empty>{filtered ? t('orders.noMatch') : t('orders.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.number')}</Table.Th>
                  <Table.Th>{t('orders.date')}</Table.Th>
                  <Table.Th>{t('orders.customer')}</Table.Th>
                  <Table.Th>{t('orders.status')}</Table.Th>
                  <Table.Th>{t('orders.paymentTerms')}</Table.Th>
                  <Table.Th ta="right">{t('orders.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((o) => (
                  <Table.Tr key={o.id} data-testid="order-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/orders/${o.id}`}>
                        {o.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{format.dateTime(o.createdAt)}</Table.Td>
                    <Table.Td>
                      <CustomerName id={o.customerId} />
                    </Table.Td>
                    <Table.Td>
                      <OrderStatusBadge status={o.status as OrderStatus} />
                    </Table.Td>
                    <Table.Td>{t(`orders.terms.${o.paymentTerms}`)}</Table.Td>
                    <Table.Td ta="right">{money(o.totalCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {orders.hasNextPage && (
            <Group>
              <Button variant="default" loading={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
                {t('orders.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function CustomerName({ id }: { id: number }) {
  const customer = useQuery(customerQuery(id));
  return <Text size="sm">{customer.data?.name ?? null}</Text>;
}
