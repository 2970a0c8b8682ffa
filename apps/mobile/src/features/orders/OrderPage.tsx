import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useCurrency } from '../../lib/customer';
import { type Language } from '../../lib/i18n';
import { orderQuery } from './queries';
import { StatusBadge } from './StatusBadge';

export function OrderPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const id = Number(useParams().id);
  const currency = useCurrency();
  const query = useQuery(orderQuery(id));
  const invoice = useMutation({
    mutationFn: async () => {
      const file = await bodega.download('/api/v1/orders/{id}/invoice.pdf', {
        path: { id },
        query: { lang: i18n.language as Language },
      });
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename ?? `invoice-${id}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });

  if (query.isPending) return <PageLoader />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const order = query.data;
  const money = (cents: number) => (currency ? format.money(cents, currency) : '');

  return (
    <Stack>
      <Anchor component={Link} to="/orders" size="sm">
        {t('common.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>{order.number}</Title>
        <StatusBadge status={order.status} />
      </Group>
      <Text size="sm" c="dimmed">
        {format.dateTime(order.createdAt)} · {t(`orders.terms.${order.paymentTerms}`)}
      </Text>
      {order.status === 'pending' && order.expiresAt && (
        <Alert color="yellow" data-testid="expires">
          {t('orders.expiresAt', { time: format.dateTime(order.expiresAt) })}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={320}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orders.product')}</Table.Th>
              <Table.Th ta="right">{t('orders.quantity')}</Table.Th>
              <Table.Th ta="right">{t('orders.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.productId}>
                <Table.Td>{line.name}</Table.Td>
                <Table.Td ta="right">{format.number(line.quantity)}</Table.Td>
                <Table.Td ta="right">{money(line.subtotalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={2}>
        {order.discountCents > 0 && (
          <Group justify="space-between">
            <Text size="sm">{t('orders.discount')}</Text>
            <Text size="sm">−{money(order.discountCents)}</Text>
          </Group>
        )}
        <Group justify="space-between">
          <Text size="sm">{t('orders.tax')}</Text>
          <Text size="sm">{money(order.taxCents)}</Text>
        </Group>
        {order.shippingCents > 0 && (
          <Group justify="space-between">
            <Text size="sm">{t('orders.shipping')}</Text>
            <Text size="sm">{money(order.shippingCents)}</Text>
          </Group>
        )}
        <Group justify="space-between">
          <Text fw={700}>{t('orders.total')}</Text>
          <Text fw={700}>{money(order.totalCents)}</Text>
        </Group>
        <Group justify="space-between">
          <Text size="sm">{t('orders.balance')}</Text>
          <Text size="sm">{money(order.balanceCents)}</Text>
        </Group>
      </Stack>
      {order.status !== 'cancelled' && (
        <Button variant="default" loading={invoice.isPending} onClick={() => invoice.mutate()}>
          {t('orders.invoice')}
        </Button>
      )}
      {invoice.error && (
        <Alert color="red" role="alert">
          {errorText(t, invoice.error)}
        </Alert>
      )}
    </Stack>
  );
}
