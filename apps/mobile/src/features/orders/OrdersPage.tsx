import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrency } from '../../lib/customer';
import { ordersQuery } from './queries';
import { StatusBadge } from './StatusBadge';

export function OrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  const orders = useInfiniteQuery(ordersQuery);
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('orders.title')}</Title>
      {orders.isPending ? (
        <PageLoader />
      ) : orders.error ? (
        <ErrorAlert error={orders.error} />
      ) : items.length === 0 ? (
        <Empty>{t('orders.empty')}</Empty>
      ) : (
        <Stack gap="xs">
          {items.map((o) => (
            <Card key={o.id} withBorder padding="sm" component={Link} to={`/orders/${o.id}`} data-testid="order">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={0}>
                  <Text fw={600}>{o.number}</Text>
                  <Text size="sm" c="dimmed">
                    {format.dateTime(o.createdAt)} · {t('orders.lines', { count: o.lineCount })}
                  </Text>
                </Stack>
                <Stack gap={4} align="flex-end">
                  <StatusBadge status={o.status} />
                  <Text size="sm">{currency ? format.money(o.totalCents, currency) : ''}</Text>
                </Stack>
              </Group>
            </Card>
          ))}
          {orders.hasNextPage && (
            <Button variant="default" loading={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
