import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, ORDER_STATUSES, type OrderStatus } from '@bodega/domain';
import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { UrlDayInput } from '../../components/UrlDayInput';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { CustomerPicker } from './CustomerPicker';
import { OrderStatusBadge } from './OrderStatusBadge';
import { customerQuery, useMoney } from './queries';

const PAGE = 50;

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
  const filter = useUrlFilters();
  const status = filter.oneOf('status', ORDER_STATUSES) ?? undefined;
  const customerId = filter.id('customerId') ?? null;
  const from = filter.day('from');
  const to = filter.day('to');

  const filters = { status, customerId, from, to };
  const orders = useKeysetList({
    queryKey: ['orders', 'list', filters],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/orders', {
          params: {
            query: {
              limit: PAGE,
              ...(status ? { status } : {}),
              ...(customerId ? { customerId } : {}),
              ...(from ? { from: dayStart(from) } : {}),
              ...(to ? { to: dayStart(to, 1) } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ),
  });
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
          onChange={(v) => filter.set('status', v)}
          data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
        />
        <CustomerPicker
          label={t('orders.customer')}
          value={customerId}
          onChange={(id) => filter.set('customerId', id ? String(id) : null)}
          w={280}
        />
        <UrlDayInput filters={filter} name="from" label={t('orders.from')} />
        <UrlDayInput filters={filter} name="to" label={t('orders.to')} />
      </Group>
      <QueryTable
        list={orders}
        empty={filtered ? t('orders.noMatch') : t('orders.empty')}
        minWidth={720}
        columns={[
          t('orders.number'),
          t('orders.date'),
          t('orders.customer'),
          t('orders.status'),
          t('orders.paymentTerms'),
          { label: t('orders.total'), ta: 'right' },
        ]}
        striped
        highlightOnHover
      >
        {(o) => (
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
        )}
      </QueryTable>
    </Stack>
  );
}

function CustomerName({ id }: { id: number }) {
  const customer = useQuery(customerQuery(id));
  return <Text size="sm">{customer.data?.name ?? null}</Text>;
}
