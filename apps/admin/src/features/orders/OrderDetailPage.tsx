import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import type { Order } from '@bodega/contract';
import { can, transitionsFor, type OrderMove, type OrderStatus } from '@bodega/domain';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { OrderStatusBadge } from './OrderStatusBadge';
import { customerQuery, orderQuery, useMoney } from './queries';
import { OrderReturns } from './OrderReturns';

export function OrderDetailPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const id = Number(useParams().id);
  const user = useStaffUser();
  const order = useQuery(orderQuery(id));
  const customer = useQuery({ ...customerQuery(order.data?.customerId ?? 0), enabled: order.isSuccess });
  const invoice = useMutation({
    mutationFn: async () => {
      const lang = i18n.language === 'es' ? 'es' : 'en';
      const file = await bodega.download('/api/v1/orders/{id}/invoice.pdf', { path: { id }, query: { lang } });
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename ?? `invoice-${id}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  if (order.isPending) return <PageLoader />;
  if (order.isError) return <ErrorAlert error={order.error} />;
  const o = order.data;
  const moves = user ? transitionsFor(user.role, o) : [];

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{o.number}</Title>
          <OrderStatusBadge status={o.status} />
        </Group>
        <Group>
          {moves.map((m) => (
            <MoveButton key={m.to} order={o} move={m} />
          ))}
          <Button variant="default" loading={invoice.isPending} onClick={() => invoice.mutate()}>
            {t('orders.invoice')}
          </Button>
        </Group>
      </Group>
      {invoice.isError && <ErrorAlert error={invoice.error} />}
      {o.status === 'pending' && o.expiresAt && (
        <Alert color="yellow" data-testid="order-expiry">
          {t('orders.expiresAt', { when: format.dateTime(o.expiresAt) })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('orders.customer')}
            </Text>
            <Anchor component={Link} to={`/customers/${o.customerId}`}>
              {customer.data?.name ?? null}
            </Anchor>
            <Text size="sm">{t(`orders.terms.${o.paymentTerms}`)}</Text>
            <Text size="sm">{format.dateTime(o.createdAt)}</Text>
            {o.notes && <Text size="sm">{o.notes}</Text>}
          </Stack>
        </Card>
        <Card withBorder data-testid="order-totals">
          <Stack gap={2}>
            <Amount label={t('orders.subtotal')} value={money(o.subtotalCents)} />
            {o.discountCents > 0 && (
              <Amount
                label={t('orders.discount', { reason: o.discountReason ?? '' })}
                value={money(-o.discountCents)}
              />
            )}
            <Amount label={t('orders.tax')} value={money(o.taxCents)} />
            {o.shippingCents > 0 && <Amount label={t('orders.shipping')} value={money(o.shippingCents)} />}
            <Amount label={t('orders.total')} value={money(o.totalCents)} strong />
            <Amount label={t('orders.paid')} value={money(o.paidCents)} />
            {o.creditedCents > 0 && <Amount label={t('orders.credited')} value={money(o.creditedCents)} />}
            <Amount label={t('orders.balanceDue')} value={money(o.balanceCents)} />
            <Text size="sm" c="dimmed">
              {t(`orders.paymentStatuses.${o.paymentStatus}`)}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('orders.timeline')}
          </Title>
          <Timeline active={o.history.length - 1} bulletSize={16} lineWidth={2} data-testid="order-timeline">
            {o.history.map((h, i) => (
              <Timeline.Item key={i} title={t(`orders.statuses.${h.to}`)}>
                <Text size="xs" c="dimmed">
                  {format.dateTime(h.createdAt)}
                </Text>
                {h.reason && <Text size="xs">{h.reason}</Text>}
                {h.note && <Text size="xs">{h.note}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </SimpleGrid>
      <Title order={3}>{t('orders.lines')}</Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orders.sku')}</Table.Th>
              <Table.Th>{t('orders.product')}</Table.Th>
              <Table.Th ta="right">{t('orders.quantity')}</Table.Th>
              <Table.Th ta="right">{t('orders.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('orders.tax')}</Table.Th>
              <Table.Th ta="right">{t('orders.lineTotal')}</Table.Th>
              <Table.Th ta="right">{t('orders.returned')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.lines.map((l) => (
              <Table.Tr key={l.productId}>
                <Table.Td>{l.sku}</Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td ta="right">{format.number(l.quantity)}</Table.Td>
                <Table.Td ta="right">{money(l.unitPriceCents)}</Table.Td>
                <Table.Td ta="right">{money(l.taxCents)}</Table.Td>
                <Table.Td ta="right">{money(l.totalCents)}</Table.Td>
                <Table.Td ta="right">{format.number(l.returnedQuantity)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {user && can(user.role, 'returns.read') && <OrderReturns order={o} role={user.role} />}
    </Stack>
  );
}

function Amount({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : undefined}>
        {value}
      </Text>
    </Group>
  );
}

const MOVE_LABEL: Record<OrderStatus, string> = {
  pending: 'orders.moves.pending',
  confirmed: 'orders.moves.confirmed',
  processing: 'orders.moves.processing',
  shipped: 'orders.moves.shipped',
  delivered: 'orders.moves.delivered',
  cancelled: 'orders.moves.cancelled',
};

/** One move the policy allows; cancelling and the moves that need a reason ask for it first. */
function MoveButton({ order, move }: { order: Order; move: OrderMove }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const asks = move.needsReason || move.to === 'cancelled';
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        bodega.api.POST('/api/v1/orders/{id}/transitions', {
          params: { path: { id: order.id } },
          body: {
            to: move.to,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      setOpened(false);
      queryClient.setQueryData(orderQuery(order.id).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: ['stock'] });
    },
  });
  const color = move.to === 'cancelled' ? 'red' : undefined;
  return (
    <>
      <Button
        color={color}
        variant={move.to === 'cancelled' ? 'light' : 'filled'}
        loading={send.isPending && !opened}
        onClick={() => (asks ? setOpened(true) : send.mutate())}
      >
        {t(MOVE_LABEL[move.to])}
      </Button>
      {send.isError && !opened && (
        <Text c="red" size="sm" role="alert">
          {errorText(t, send.error)}
        </Text>
      )}
      <Modal opened={opened} onClose={() => setOpened(false)} title={t(MOVE_LABEL[move.to])}>
        <Stack>
          {move.needsReason && <Alert color="yellow">{t('orders.overrideHint')}</Alert>}
          <Textarea
            label={t('orders.reason')}
            required={move.needsReason}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Textarea label={t('orders.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {send.isError && <ErrorAlert error={send.error} />}
          <Group justify="end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('orders.back')}
            </Button>
            <Button
              color={color}
              disabled={move.needsReason && reason.trim() === ''}
              loading={send.isPending}
              onClick={() => send.mutate()}
            >
              {t(MOVE_LABEL[move.to])}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
