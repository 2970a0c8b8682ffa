import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { isApiError, unwrap } from '@bodega/client';
import type { PurchaseOrder } from '@bodega/contract';
import { can, type PurchaseOrderStatus } from '@bodega/domain';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { locationsQuery, purchaseOrderQuery, STATUS_COLOR } from './queries';
import { ReceiveForm } from './ReceiveForm';

/** The words of the action that moves a purchase order to each status. */
const ACTION_LABEL: Partial<Record<PurchaseOrderStatus, string>> = {
  sent: 'purchasing.actions.send',
  cancelled: 'purchasing.actions.cancel',
};

export function PurchaseOrderPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const id = Number(useParams()['id']);
  const user = useStaffUser();
  const manage = !!user && can(user.role, 'purchasing.manage');
  const queryClient = useQueryClient();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const locations = useQuery(locationsQuery);
  const po = useQuery(purchaseOrderQuery(id));
  const [receiving, setReceiving] = useState(false);
  const lang = i18n.language === 'es' ? 'es' : 'en';

  const onChanged = async (next: PurchaseOrder) => {
    queryClient.setQueryData(purchaseOrderQuery(id).queryKey, next);
    await queryClient.invalidateQueries({ queryKey: ['purchase-orders'] });
    await queryClient.invalidateQueries({ queryKey: ['reports'] });
  };
  const transition = useMutation({
    mutationFn: ({ to, reason }: { to: PurchaseOrderStatus; reason?: string }) =>
      unwrap(
        bodega.api.POST('/api/v1/purchase-orders/{id}/transitions', {
          params: { path: { id }, query: { lang } },
          body: { to, ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: async (next, { to }) => {
      await onChanged(next);
      notifications.show({ color: 'teal', message: t(`purchasing.moved.${to}`, { number: next.number }) });
    },
  });
  const email = useMutation({
    mutationFn: () =>
      unwrap(bodega.api.POST('/api/v1/purchase-orders/{id}/email', { params: { path: { id }, query: { lang } } })),
    onSuccess: async (next) => {
      await onChanged(next);
      notifications.show({ color: 'teal', message: t('purchasing.emailed', { to: next.emailedTo ?? '' }) });
    },
  });
  const pdf = useMutation({
    mutationFn: () => bodega.download('/api/v1/purchase-orders/{id}/pdf', { path: { id }, query: { lang } }),
    onSuccess: ({ blob, filename }) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename ?? `${po.data?.number ?? 'purchase-order'}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });

  if (po.isPending) return <PageLoader />;
  if (po.isError) return <ErrorAlert error={po.error} />;
  const order = po.data;
  const money = (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));
  const locationName = (lid: number) => locations.data?.items.find((l) => l.id === lid)?.name ?? `#${lid}`;
  const productName = (productId: number) =>
    order.lines.find((l) => l.productId === productId)?.name ?? `#${productId}`;

  const move = (to: PurchaseOrderStatus) => {
    if (to !== 'cancelled') {
      transition.mutate({ to });
      return;
    }
    let reason = '';
    modals.openConfirmModal({
      title: t('purchasing.cancelTitle', { number: order.number }),
      children: (
        <Textarea
          label={t('purchasing.cancelReason')}
          autosize
          minRows={2}
          onChange={(e) => (reason = e.currentTarget.value)}
        />
      ),
      labels: { confirm: t('purchasing.actions.cancel'), cancel: t('purchasing.keep') },
      confirmProps: { color: 'red' },
      onConfirm: () => transition.mutate({ to, reason: reason.trim() || undefined }),
    });
  };
  const canEmail = manage && order.status !== 'draft' && order.status !== 'cancelled';

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Group>
            <Title order={2}>{t('purchasing.detailTitle', { number: order.number })}</Title>
            <Badge color={STATUS_COLOR[order.status]} size="lg" variant="light" data-testid="po-status">
              {t(`purchasing.status.${order.status}`)}
            </Badge>
          </Group>
          <Text>{order.supplierName}</Text>
        </Stack>
        <Group>
          {manage && order.status === 'draft' && (
            <Button variant="default" component={Link} to={`/purchase-orders/${order.id}/edit`}>
              {t('purchasing.actions.edit')}
            </Button>
          )}
          {manage &&
            order.nextStatuses.map((to) => (
              <Button
                key={to}
                color={to === 'cancelled' ? 'red' : undefined}
                variant={to === 'cancelled' ? 'light' : 'filled'}
                loading={transition.isPending && transition.variables.to === to}
                onClick={() => move(to)}
              >
                {t(ACTION_LABEL[to] ?? `purchasing.status.${to}`)}
              </Button>
            ))}
          {manage && order.receivable && !receiving && (
            <Button onClick={() => setReceiving(true)}>{t('purchasing.actions.receive')}</Button>
          )}
          {canEmail && (
            <Button variant="default" loading={email.isPending} onClick={() => email.mutate()}>
              {t('purchasing.actions.email')}
            </Button>
          )}
          <Button variant="default" loading={pdf.isPending} onClick={() => pdf.mutate()}>
            {t('purchasing.actions.pdf')}
          </Button>
        </Group>
      </Group>
      {transition.error ? <ErrorAlert error={transition.error} /> : null}
      {pdf.error ? <ErrorAlert error={pdf.error} /> : null}
      {isApiError(email.error, 'email_unavailable') ? (
        <Alert color="orange" role="alert" title={t('purchasing.emailUnavailableTitle')}>
          {t('purchasing.emailUnavailable')}
        </Alert>
      ) : email.error ? (
        <Alert color="red" role="alert">
          {errorText(t, email.error)}
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Info label={t('purchasing.location')} value={locationName(order.locationId)} />
        <Info label={t('purchasing.expectedDate')} value={order.expectedDate ? format.date(order.expectedDate) : '—'} />
        <Info label={t('purchasing.total')} value={money(order.totalCents)} />
        <Info label={t('purchasing.sentAt')} value={order.sentAt ? format.dateTime(order.sentAt) : '—'} />
        {order.emailedAt && (
          <Info
            label={t('purchasing.emailedAt')}
            value={`${format.dateTime(order.emailedAt)}${order.emailedTo ? ` · ${order.emailedTo}` : ''}`}
          />
        )}
      </SimpleGrid>
      {order.notes && <Text c="dimmed">{order.notes}</Text>}

      {receiving && order.receivable && (
        <ReceiveForm
          order={order}
          locations={(locations.data?.items ?? []).filter((l) => l.active || l.id === order.locationId)}
          onDone={async (next) => {
            await onChanged(next);
            await queryClient.invalidateQueries({ queryKey: ['stock'] });
            await queryClient.invalidateQueries({ queryKey: ['movements'] });
            await queryClient.invalidateQueries({ queryKey: ['products'] });
            setReceiving(false);
          }}
          onCancel={() => setReceiving(false)}
        />
      )}

      <Title order={3}>{t('purchasing.lines')}</Title>
      <Table.ScrollContainer minWidth={760}>
        <Table striped data-testid="po-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('purchasing.sku')}</Table.Th>
              <Table.Th>{t('purchasing.product')}</Table.Th>
              <Table.Th>{t('purchasing.supplierSku')}</Table.Th>
              <Table.Th ta="right">{t('purchasing.ordered')}</Table.Th>
              <Table.Th ta="right">{t('purchasing.received')}</Table.Th>
              <Table.Th ta="right">{t('purchasing.outstanding')}</Table.Th>
              <Table.Th ta="right">{t('purchasing.unitCost')}</Table.Th>
              <Table.Th ta="right">{t('purchasing.lineTotal')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.sku}</Table.Td>
                <Table.Td>
                  {l.name}{' '}
                  {l.overReceived && (
                    <Badge color="orange" variant="light" size="sm">
                      {t('purchasing.overReceived')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{l.supplierSku}</Table.Td>
                <Table.Td ta="right">{format.number(l.quantity)}</Table.Td>
                <Table.Td ta="right">{format.number(l.receivedQuantity)}</Table.Td>
                <Table.Td ta="right">{format.number(l.outstandingQuantity)}</Table.Td>
                <Table.Td ta="right">{money(l.unitCostCents)}</Table.Td>
                <Table.Td ta="right">{money(l.totalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3}>{t('purchasing.deliveries')}</Title>
      {order.deliveries.length === 0 ? (
        <Text c="dimmed">{t('purchasing.noDeliveries')}</Text>
      ) : (
        <Stack gap="xs" data-testid="po-deliveries">
          {order.deliveries.map((d) => (
            <Card key={d.receiptId} withBorder padding="sm">
              <Text fw={600}>
                {t('purchasing.deliveryHeading', { date: format.dateTime(d.createdAt), reference: d.reference ?? '—' })}
              </Text>
              {d.note && <Text size="sm">{d.note}</Text>}
              <Table>
                <Table.Tbody>
                  {d.lines.map((l) => (
                    <Table.Tr key={l.lineId}>
                      <Table.Td>{productName(l.productId)}</Table.Td>
                      <Table.Td ta="right">{format.number(l.quantity)}</Table.Td>
                      <Table.Td ta="right">{money(l.unitCostCents)}</Table.Td>
                      <Table.Td>{l.excessQuantity > 0 && t('purchasing.excess', { count: l.excessQuantity })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          ))}
        </Stack>
      )}

      <Title order={3}>{t('purchasing.history')}</Title>
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Tbody>
            {order.history.map((h, i) => (
              <Table.Tr key={i}>
                <Table.Td>{format.dateTime(h.createdAt)}</Table.Td>
                <Table.Td>
                  {h.from ? `${t(`purchasing.status.${h.from}`)} → ` : ''}
                  {t(`purchasing.status.${h.to}`)}
                </Table.Td>
                <Table.Td>{h.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text>{value}</Text>
    </Stack>
  );
}
