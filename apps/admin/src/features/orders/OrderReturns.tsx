import { errorText, fieldErrors, useFormat, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { openReturnBody, type OpenReturnBody, type Order } from '@bodega/contract';
import { can, RETURN_LINE_CONDITIONS, type ReturnLineCondition, type Role } from '@bodega/domain';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useMoney } from './queries';

const STATUS_COLOR = { open: 'yellow', received: 'teal', cancelled: 'gray' } as const;

/** The returns of one order: open one for delivered lines, receive or withdraw an open one. */
export function OrderReturns({ order, role }: { order: Order; role: Role }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const returns = useQuery({
    queryKey: ['returns', 'list', { orderId: order.id }],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/returns', { params: { query: { orderId: order.id, limit: 200 } }, signal })),
  });
  const returnable = order.lines.some((l) => l.quantity > l.returnedQuantity);
  const nameOf = (productId: number) => order.lines.find((l) => l.productId === productId)?.name ?? String(productId);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('orders.returns.title')}</Title>
        {order.status === 'delivered' && returnable && can(role, 'returns.open') && <OpenReturn order={order} />}
      </Group>
      <QueryList list={{ ...returns, rows: returns.data?.items ?? [] }} empty={t('orders.returns.empty')}>
        {(rows) =>
          rows.map((r) => (
            <Card withBorder key={r.id} data-testid="order-return">
              <Group justify="space-between">
                <Group>
                  <Text fw={600}>{r.number}</Text>
                  <Badge color={STATUS_COLOR[r.status]} data-testid="return-status">
                    {t(`orders.returns.statuses.${r.status}`)}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {format.dateTime(r.createdAt)}
                  </Text>
                </Group>
                {r.status === 'open' && <ReturnActions returnId={r.id} orderId={order.id} role={role} />}
              </Group>
              <Text size="sm">{r.reason}</Text>
              <Table>
                <Table.Tbody>
                  {r.lines.map((l) => (
                    <Table.Tr key={l.productId}>
                      <Table.Td>{nameOf(l.productId)}</Table.Td>
                      <Table.Td ta="right">{format.number(l.quantity)}</Table.Td>
                      <Table.Td>{t(`orders.returns.conditions.${l.condition}`)}</Table.Td>
                      <Table.Td ta="right">{money(l.creditCents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          ))
        }
      </QueryList>
    </Stack>
  );
}

function ReturnActions({ returnId, orderId, role }: { returnId: number; orderId: number; role: Role }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['returns'] }),
      queryClient.invalidateQueries({ queryKey: ['orders', 'detail', orderId] }),
      queryClient.invalidateQueries({ queryKey: ['stock'] }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
    ]);
  const receive = useMutation({
    mutationFn: () => unwrap(bodega.api.POST('/api/v1/returns/{id}/receive', { params: { path: { id: returnId } } })),
    onSuccess: done,
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(bodega.api.POST('/api/v1/returns/{id}/cancel', { params: { path: { id: returnId } } })),
    onSuccess: done,
  });
  const error = receive.error ?? cancel.error;
  return (
    <Group>
      {can(role, 'returns.receive') && (
        <Button size="xs" loading={receive.isPending} onClick={() => receive.mutate()}>
          {t('orders.returns.receive')}
        </Button>
      )}
      {can(role, 'returns.open') && (
        <Button size="xs" variant="default" loading={cancel.isPending} onClick={() => cancel.mutate()}>
          {t('orders.returns.cancel')}
        </Button>
      )}
      {error && (
        <Text c="red" size="sm" role="alert">
          {errorText(t, error)}
        </Text>
      )}
    </Group>
  );
}

type Draft = Record<number, { quantity: number | string; condition: ReturnLineCondition }>;

function OpenReturn({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const lines = order.lines.filter((l) => l.quantity > l.returnedQuantity);
  const setLine = (productId: number, patch: Partial<Draft[number]>) =>
    setDraft((d) => ({ ...d, [productId]: { quantity: '', condition: 'resellable', ...d[productId], ...patch } }));

  const open = useMutation({
    mutationFn: (body: OpenReturnBody) =>
      unwrap(bodega.api.POST('/api/v1/orders/{id}/returns', { params: { path: { id: order.id } }, body })),
    onSuccess: async () => {
      setOpened(false);
      setDraft({});
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: ['orders', 'detail', order.id] });
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  const submit = () => {
    const body = {
      reason,
      lines: lines
        .filter((l) => Number(draft[l.productId]?.quantity || 0) > 0)
        .map((l) => ({
          productId: l.productId,
          quantity: Number(draft[l.productId]!.quantity),
          condition: draft[l.productId]!.condition,
        })),
    };
    const parsed = openReturnBody.safeParse(body);
    if (!parsed.success) {
      setErrors(zodErrors(t, parsed.error.issues));
      return;
    }
    setErrors({});
    open.mutate(parsed.data);
  };

  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('orders.returns.open')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('orders.returns.open')} size="lg">
        <Stack>
          {lines.map((l) => (
            <Group key={l.productId} align="end" grow>
              <Text size="sm">{l.name}</Text>
              <NumberInput
                label={t('orders.returns.quantityOf', { name: l.name })}
                description={t('orders.returns.upTo', { max: l.quantity - l.returnedQuantity })}
                min={0}
                max={l.quantity - l.returnedQuantity}
                allowDecimal={false}
                value={draft[l.productId]?.quantity ?? ''}
                onChange={(v) => setLine(l.productId, { quantity: v })}
              />
              <Select
                label={t('orders.returns.conditionOf', { name: l.name })}
                allowDeselect={false}
                value={draft[l.productId]?.condition ?? 'resellable'}
                onChange={(v) => v && setLine(l.productId, { condition: v as ReturnLineCondition })}
                data={RETURN_LINE_CONDITIONS.map((c) => ({ value: c, label: t(`orders.returns.conditions.${c}`) }))}
              />
            </Group>
          ))}
          {errors.lines && (
            <Text c="red" size="sm">
              {t('orders.returns.pickLines')}
            </Text>
          )}
          <Textarea
            label={t('orders.returns.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          {open.isError && (
            <Alert color="red" role="alert">
              {errorText(t, open.error)}
            </Alert>
          )}
          <Group justify="end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('orders.back')}
            </Button>
            <Button loading={open.isPending} onClick={submit}>
              {t('orders.returns.submit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
