import { ErrorAlert, fieldErrors, useFormat, zodErrors } from '@bodega/app-kit';
import { idempotencyKey, isApiError, unwrap } from '@bodega/client';
import { receivePurchaseOrderBody, type PurchaseOrder, type ReceivePurchaseOrderBody } from '@bodega/contract';
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bodega } from '../../lib/bodega';

type Props = {
  order: PurchaseOrder;
  /** The active locations goods can go into; the order's is the default. */
  locations: readonly { id: number; name: string }[];
  onDone: (next: PurchaseOrder) => Promise<void>;
  onCancel: () => void;
};

/**
 * One delivery against a purchase order: per line what was ordered, received so far and is
 * outstanding, and what arrived now. More than ordered needs the user's confirmation, then the
 * same delivery is sent again with `allowOverReceipt`.
 */
export function ReceiveForm({ order, locations, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [quantities, setQuantities] = useState<Record<number, number | string>>(() =>
    Object.fromEntries(order.lines.map((l) => [l.id, l.outstandingQuantity])),
  );
  const [costs, setCosts] = useState<Record<number, number | string>>({});
  const [locationId, setLocationId] = useState(String(order.locationId));
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  // One Idempotency-Key per receipt: a retry after a lost answer receives once (a refused try keeps nothing).
  const [key] = useState(idempotencyKey);
  const receive = useMutation({
    mutationFn: (body: ReceivePurchaseOrderBody) =>
      unwrap(
        bodega.api.POST('/api/v1/purchase-orders/{id}/receipts', {
          params: { path: { id: order.id }, header: { 'idempotency-key': key } },
          body,
        }),
      ),
    onSuccess: async ({ purchaseOrder }) => {
      notifications.show({
        color: 'teal',
        message: t('purchasing.receive.done', { status: t(`purchasing.status.${purchaseOrder.status}`) }),
      });
      await onDone(purchaseOrder);
    },
    onError: (error, body) => {
      if (!isApiError(error, 'over_receipt') || body.allowOverReceipt) return;
      const over = body.lines
        .map((l) => ({ l, line: order.lines.find((x) => x.id === l.lineId)! }))
        .filter(({ l, line }) => l.quantity > line.outstandingQuantity);
      modals.openConfirmModal({
        title: t('purchasing.receive.overTitle'),
        children: (
          <Stack gap="xs" data-testid="over-receipt-confirm">
            <Text>{t('purchasing.receive.overText')}</Text>
            {over.map(({ l, line }) => (
              <Text key={line.id} size="sm">
                {t('purchasing.receive.overLine', {
                  name: line.name,
                  quantity: format.number(l.quantity),
                  outstanding: format.number(line.outstandingQuantity),
                })}
              </Text>
            ))}
          </Stack>
        ),
        labels: { confirm: t('purchasing.receive.overConfirm'), cancel: t('purchasing.receive.overCancel') },
        confirmProps: { color: 'orange' },
        onConfirm: () => receive.mutate({ ...body, allowOverReceipt: true }),
      });
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const lines = order.lines
      .map((l) => ({
        lineId: l.id,
        quantity: quantities[l.id] === '' || quantities[l.id] === undefined ? 0 : Number(quantities[l.id]),
        cost: costs[l.id],
      }))
      .filter((l) => l.quantity !== 0)
      .map(({ lineId, quantity, cost }) => ({
        lineId,
        quantity,
        ...(cost === undefined || cost === '' ? {} : { unitCostCents: Math.round(Number(cost) * 100) }),
      }));
    if (lines.length === 0) {
      setErrors({ lines: t('purchasing.receive.nothing') });
      return;
    }
    const body: ReceivePurchaseOrderBody = {
      lines,
      ...(Number(locationId) !== order.locationId ? { locationId: Number(locationId) } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const checked = receivePurchaseOrderBody.safeParse(body);
    if (!checked.success) {
      // Paths index the lines sent; show them on the form's rows.
      const byIndex = zodErrors(t, checked.error.issues);
      setErrors(remap(byIndex, lines));
      return;
    }
    setErrors({});
    receive.mutate(body);
  };
  const sent = receive.variables?.lines ?? [];
  const server = isApiError(receive.error, 'over_receipt') ? {} : remap(fieldErrors(t, receive.error), sent);
  const err = (field: string) => errors[field] ?? server[field];

  return (
    <Card withBorder component="section" aria-label={t('purchasing.receive.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3}>{t('purchasing.receive.title')}</Title>
          <Select
            label={t('purchasing.location')}
            description={t('purchasing.receive.intoHint')}
            allowDeselect={false}
            data={locations.map((l) => ({ value: String(l.id), label: l.name }))}
            value={locationId}
            onChange={(v) => v && setLocationId(v)}
            error={err('locationId')}
            maw={360}
          />
          <Table.ScrollContainer minWidth={760}>
            <Table data-testid="receive-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('purchasing.product')}</Table.Th>
                  <Table.Th ta="right">{t('purchasing.ordered')}</Table.Th>
                  <Table.Th ta="right">{t('purchasing.receivedSoFar')}</Table.Th>
                  <Table.Th ta="right">{t('purchasing.outstanding')}</Table.Th>
                  <Table.Th w={150}>{t('purchasing.receive.quantity')}</Table.Th>
                  <Table.Th w={170}>{t('purchasing.receive.unitCost')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      {l.sku} · {l.name}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(l.quantity)}</Table.Td>
                    <Table.Td ta="right">{format.number(l.receivedQuantity)}</Table.Td>
                    <Table.Td ta="right">{format.number(l.outstandingQuantity)}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t('purchasing.receive.quantityOf', { name: l.name })}
                        min={0}
                        allowDecimal={false}
                        value={quantities[l.id] ?? ''}
                        onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: v }))}
                        error={err(`line.${l.id}.quantity`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t('purchasing.receive.unitCostOf', { name: l.name })}
                        placeholder={format.number(l.unitCostCents / 100)}
                        min={0}
                        decimalScale={2}
                        value={costs[l.id] ?? ''}
                        onChange={(v) => setCosts((c) => ({ ...c, [l.id]: v }))}
                        error={err(`line.${l.id}.unitCostCents`)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {err('lines') && (
            <Alert color="red" role="alert">
              {err('lines')}
            </Alert>
          )}
          <Group grow>
            <TextInput
              label={t('purchasing.receive.reference')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={err('reference')}
            />
            <TextInput
              label={t('purchasing.receive.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={err('note')}
            />
          </Group>
          {receive.error && !isApiError(receive.error, 'validation_failed') ? (
            <ErrorAlert error={receive.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={receive.isPending}>
              {t('purchasing.receive.submit')}
            </Button>
            <Button variant="subtle" onClick={onCancel}>
              {t('purchasing.receive.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** `lines.2.quantity` (the index in the body sent) as `line.<lineId>.quantity` (the form's row). */
function remap(errors: Record<string, string>, sent: readonly { lineId: number }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(path);
    const line = m ? sent[Number(m[1])] : undefined;
    out[line && m ? `line.${line.lineId}.${m[2]}` : path] = message;
  }
  return out;
}
