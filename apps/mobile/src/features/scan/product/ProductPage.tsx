import { ErrorAlert, errorText, fieldErrors, PageLoader, useFormat, zodErrors } from '@bodega/app-kit';
import { adjustmentBody, countBody, receiptBody } from '@bodega/contract';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@bodega/domain';
import { idempotencyKey, unwrap } from '@bodega/client';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../../lib/bodega';
import { productQuery, stockLevelQuery } from '../api';
import { LocationSelect } from '../parts/LocationSelect';
import { padNumber, QuantityPad } from '../parts/QuantityPad';
import { useRememberedLocation } from '../parts/useRememberedLocation';

type Action = 'receive' | 'adjust' | 'count';

/** A scanned product: its stock here, and receive, adjust or count in a few taps. */
export default function ProductPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = Number(useParams().id);
  const product = useQuery(productQuery(id));
  const { locations, locationId, choose } = useRememberedLocation();
  const level = useQuery({ ...stockLevelQuery(id, locationId ?? 0), enabled: locationId !== null });
  const [action, setAction] = useState<Action>('receive');
  const shown = product.isSuccess;
  useEffect(() => {
    if (shown) performance.mark('bodega:product-opened', { detail: { productId: id } });
  }, [shown, id]);

  if (product.isPending || locations.isPending) return <PageLoader />;
  if (product.isError) return <ErrorAlert error={product.error} />;
  if (locations.isError) return <ErrorAlert error={locations.error} />;
  const p = product.data;

  return (
    <Stack>
      <div>
        <Title order={2}>{p.name}</Title>
        <Group gap="xs">
          <Badge variant="light">{p.sku}</Badge>
          {p.barcode && (
            <Text size="sm" c="dimmed">
              {p.barcode}
            </Text>
          )}
        </Group>
      </div>
      <LocationSelect locations={locations.data} value={locationId} onChange={choose} />
      <Card withBorder padding="sm">
        {level.data ? (
          <Group grow>
            <Stat label={t('scan.onHand')} value={fmt.number(level.data.onHand)} testId="on-hand" />
            <Stat label={t('scan.reserved')} value={fmt.number(level.data.reserved)} />
            <Stat label={t('scan.available')} value={fmt.number(level.data.available)} />
          </Group>
        ) : level.isError ? (
          <ErrorAlert error={level.error} />
        ) : (
          <PageLoader />
        )}
      </Card>
      <SegmentedControl
        fullWidth
        size="md"
        value={action}
        onChange={(v) => setAction(v as Action)}
        data={(['receive', 'adjust', 'count'] as const).map((a) => ({ value: a, label: t(`scan.actions.${a}`) }))}
      />
      {locationId !== null && (
        <ActionForm
          key={`${action}-${locationId}`}
          action={action}
          productId={p.id}
          locationId={locationId}
          costCents={p.costCents}
          onHand={level.data?.onHand ?? null}
        />
      )}
      <Button component={Link} to="/warehouse/scan" variant="subtle" size="md">
        {t('scan.scanAnother')}
      </Button>
    </Stack>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function ActionForm(props: {
  action: Action;
  productId: number;
  locationId: number;
  costCents: number;
  onHand: number | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { action, productId, locationId } = props;
  const [qty, setQty] = useState('');
  const [cost, setCost] = useState((props.costCents / 100).toFixed(2));
  const [reason, setReason] = useState<AdjustmentReason>('damage');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  // One Idempotency-Key per entry, renewed once recorded: a retry on a flaky network changes the stock once.
  const [key, setKey] = useState(idempotencyKey);
  const mutation = useMutation({
    mutationFn: async (body: unknown) => {
      const params = { header: { 'idempotency-key': key } };
      if (action === 'receive')
        return unwrap(bodega.api.POST('/api/v1/stock/receipts', { body: body as never, params }));
      if (action === 'adjust')
        return unwrap(bodega.api.POST('/api/v1/stock/adjustments', { body: body as never, params }));
      return unwrap(bodega.api.POST('/api/v1/stock/counts', { body: body as never, params }));
    },
    onSuccess: () => {
      setKey(idempotencyKey());
      setDone(t(`scan.done.${action}`));
      setQty('');
      setNote('');
      for (const root of ['stock', 'movements', 'products', 'alerts'])
        void queryClient.invalidateQueries({ queryKey: [root] });
    },
    onError: (err) => setErrors(fieldErrors(t, err)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = padNumber(qty);
    const quantityField =
      action === 'count' ? 'countedQuantity' : action === 'receive' ? 'lines.0.quantity' : 'quantity';
    if (n === null) return setErrors({ [quantityField]: t('validation.invalid') });
    const parsed =
      action === 'receive'
        ? receiptBody.safeParse({
            locationId,
            lines: [{ productId, quantity: n, unitCostCents: Math.round(Number(cost.replace(',', '.')) * 100) }],
          })
        : action === 'adjust'
          ? adjustmentBody.safeParse({
              productId,
              locationId,
              quantity: n,
              reason,
              ...(note.trim() ? { note: note.trim() } : {}),
            })
          : countBody.safeParse({ productId, locationId, countedQuantity: n });
    if (!parsed.success) return setErrors(zodErrors(t, parsed.error.issues));
    setErrors({});
    setDone(null);
    mutation.mutate(parsed.data);
  };

  const qtyError =
    errors['quantity'] ?? errors['countedQuantity'] ?? errors['lines.0.quantity'] ?? errors['lines'] ?? undefined;
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <QuantityPad
          label={t(`scan.quantity.${action}`)}
          value={qty}
          onChange={setQty}
          error={qtyError}
          signed={action === 'adjust'}
        />
        {action === 'receive' && (
          <TextInput
            size="md"
            label={t('scan.unitCost')}
            value={cost}
            inputMode="decimal"
            onChange={(e) => setCost(e.currentTarget.value)}
            error={errors['lines.0.unitCostCents']}
          />
        )}
        {action === 'adjust' && (
          <>
            <Select
              size="md"
              label={t('scan.reason')}
              value={reason}
              allowDeselect={false}
              onChange={(v) => v && setReason(v as AdjustmentReason)}
              data={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`scan.reasons.${r}`) }))}
            />
            <TextInput
              size="md"
              label={t('scan.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={errors['note']}
            />
          </>
        )}
        {done && !mutation.isError && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        {mutation.isError && (
          <Alert color="red" role="alert">
            {errorText(t, mutation.error)}
          </Alert>
        )}
        <Button type="submit" size="xl" loading={mutation.isPending}>
          {t(`scan.submit.${action}`)}
        </Button>
      </Stack>
    </form>
  );
}
