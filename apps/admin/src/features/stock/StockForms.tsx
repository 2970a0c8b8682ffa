import { errorText, fieldErrors, useFormat, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import {
  adjustmentBody,
  countBody,
  receiptBody,
  transferBody,
  type AdjustmentBody,
  type CountBody,
  type ReceiptBody,
  type TransferBody,
} from '@bodega/contract';
import { ADJUSTMENT_REASONS } from '@bodega/domain';
import {
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { afterStockWrite, numberOf, ProductSelect, useCurrency, useLocationOptions } from './shared';

type Issues = Parameters<typeof zodErrors>[1];

/** Form errors keyed by the form's own field names (`lines.0.quantity` → `quantity`). */
const flat = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^lines\.0\./, ''), v]));

function useInitial() {
  const [params] = useSearchParams();
  return {
    productId: Number(params.get('productId')) || null,
    locationId: params.get('locationId'),
  };
}

function FormPage({ title, error, children }: { title: string; error: unknown; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack maw={560}>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Anchor component={Link} to="/stock">
          {t('stock.form.back')}
        </Anchor>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {errorText(t, error)}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        {children}
      </Paper>
    </Stack>
  );
}

export function ReceivePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const initial = useInitial();
  const currency = useCurrency();
  const { options, defaultId } = useLocationOptions(true);
  const form = useForm({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId as string | null,
      quantity: '' as number | string,
      unitCost: '' as number | string,
      reference: '',
    },
  });
  const location = form.values.locationId ?? (defaultId ? String(defaultId) : null);
  const receive = useMutation({
    mutationFn: (body: ReceiptBody) => unwrap(bodega.api.POST('/api/v1/stock/receipts', { body })),
    onSuccess: (receipt) => {
      const m = receipt.movements[0];
      afterStockWrite(
        queryClient,
        t('stock.receive.done'),
        t('stock.receive.doneDetail', {
          quantity: format.number(m?.quantity ?? 0),
          onHand: format.number(m?.onHandAfter ?? 0),
        }),
      );
      form.setValues({ quantity: '', unitCost: '', reference: '' });
    },
    onError: (e) => form.setErrors(flat(fieldErrors(t, e))),
  });
  const submit = form.onSubmit((v) => {
    const cost = numberOf(v.unitCost);
    const body = {
      ...(location ? { locationId: Number(location) } : {}),
      ...(v.reference.trim() ? { reference: v.reference.trim() } : {}),
      lines: [
        {
          productId: v.productId ?? undefined,
          quantity: numberOf(v.quantity),
          unitCostCents: cost === undefined ? undefined : Math.round(cost * 100),
        },
      ],
    };
    const parsed = receiptBody.safeParse(body);
    if (!parsed.success) return form.setErrors(flat(zodErrors(t, parsed.error.issues as Issues)));
    receive.mutate(parsed.data);
  });
  return (
    <FormPage title={t('stock.receive.title')} error={receive.error}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProductSelect
            label={t('stock.form.product')}
            required
            value={form.values.productId}
            onChange={(id) => form.setFieldValue('productId', id)}
            error={form.errors.productId}
          />
          <Select
            label={t('stock.form.location')}
            data={options}
            value={location}
            onChange={(v) => form.setFieldValue('locationId', v)}
            error={form.errors.locationId}
            allowDeselect={false}
          />
          <NumberInput
            label={t('stock.form.quantity')}
            required
            min={1}
            allowDecimal={false}
            {...form.getInputProps('quantity')}
          />
          <NumberInput
            label={currency ? t('stock.form.unitCostIn', { currency }) : t('stock.form.unitCost')}
            required
            min={0}
            decimalScale={2}
            {...form.getInputProps('unitCost')}
            error={form.errors.unitCost ?? form.errors.unitCostCents}
          />
          <TextInput label={t('stock.form.reference')} {...form.getInputProps('reference')} />
          <Group>
            <Button type="submit" loading={receive.isPending}>
              {t('stock.receive.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormPage>
  );
}

export function AdjustPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const initial = useInitial();
  const { options, defaultId } = useLocationOptions(true);
  const form = useForm({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId as string | null,
      quantity: '' as number | string,
      reason: null as string | null,
      note: '',
    },
  });
  const location = form.values.locationId ?? (defaultId ? String(defaultId) : null);
  const adjust = useMutation({
    mutationFn: (body: AdjustmentBody) => unwrap(bodega.api.POST('/api/v1/stock/adjustments', { body })),
    onSuccess: (result) => {
      const m = result.movements[0];
      afterStockWrite(
        queryClient,
        t('stock.adjust.done'),
        t('stock.adjust.doneDetail', { onHand: format.number(m?.onHandAfter ?? 0) }),
      );
      form.setValues({ quantity: '', note: '' });
    },
    onError: (e) => form.setErrors(fieldErrors(t, e)),
  });
  const submit = form.onSubmit((v) => {
    const body = {
      productId: v.productId ?? undefined,
      ...(location ? { locationId: Number(location) } : {}),
      quantity: numberOf(v.quantity),
      reason: v.reason ?? undefined,
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    };
    const parsed = adjustmentBody.safeParse(body);
    if (!parsed.success) return form.setErrors(zodErrors(t, parsed.error.issues as Issues));
    adjust.mutate(parsed.data);
  });
  return (
    <FormPage title={t('stock.adjust.title')} error={adjust.error}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProductSelect
            label={t('stock.form.product')}
            required
            value={form.values.productId}
            onChange={(id) => form.setFieldValue('productId', id)}
            error={form.errors.productId}
          />
          <Select
            label={t('stock.form.location')}
            data={options}
            value={location}
            onChange={(v) => form.setFieldValue('locationId', v)}
            allowDeselect={false}
          />
          <NumberInput
            label={t('stock.adjust.quantity')}
            description={t('stock.adjust.quantityHint')}
            required
            allowDecimal={false}
            {...form.getInputProps('quantity')}
          />
          <Select
            label={t('stock.adjust.reason')}
            required
            data={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`stock.reasons.${r}`) }))}
            {...form.getInputProps('reason')}
          />
          <Textarea
            label={t('stock.form.note')}
            required={form.values.reason === 'other'}
            description={form.values.reason === 'other' ? t('stock.adjust.noteRequired') : undefined}
            {...form.getInputProps('note')}
          />
          <Group>
            <Button type="submit" loading={adjust.isPending}>
              {t('stock.adjust.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormPage>
  );
}

export function TransferPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const initial = useInitial();
  const { options, nameOf } = useLocationOptions(true);
  const form = useForm({
    initialValues: {
      productId: initial.productId,
      fromLocationId: initial.locationId as string | null,
      toLocationId: null as string | null,
      quantity: '' as number | string,
      note: '',
    },
  });
  const transfer = useMutation({
    mutationFn: (body: TransferBody) => unwrap(bodega.api.POST('/api/v1/stock/transfers', { body })),
    onSuccess: (_result, body) => {
      afterStockWrite(
        queryClient,
        t('stock.transfer.done'),
        t('stock.transfer.doneDetail', {
          quantity: format.number(body.quantity),
          from: nameOf(body.fromLocationId),
          to: nameOf(body.toLocationId),
        }),
      );
      form.setValues({ quantity: '', note: '' });
    },
    onError: (e) => form.setErrors(fieldErrors(t, e)),
  });
  const submit = form.onSubmit((v) => {
    const body = {
      productId: v.productId ?? undefined,
      fromLocationId: v.fromLocationId ? Number(v.fromLocationId) : undefined,
      toLocationId: v.toLocationId ? Number(v.toLocationId) : undefined,
      quantity: numberOf(v.quantity),
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    };
    const parsed = transferBody.safeParse(body);
    if (!parsed.success) return form.setErrors(zodErrors(t, parsed.error.issues as Issues));
    transfer.mutate(parsed.data);
  });
  return (
    <FormPage title={t('stock.transfer.title')} error={transfer.error}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProductSelect
            label={t('stock.form.product')}
            required
            value={form.values.productId}
            onChange={(id) => form.setFieldValue('productId', id)}
            error={form.errors.productId}
          />
          <Select label={t('stock.transfer.from')} required data={options} {...form.getInputProps('fromLocationId')} />
          <Select label={t('stock.transfer.to')} required data={options} {...form.getInputProps('toLocationId')} />
          <NumberInput
            label={t('stock.form.quantity')}
            required
            min={1}
            allowDecimal={false}
            {...form.getInputProps('quantity')}
          />
          <Textarea label={t('stock.form.note')} {...form.getInputProps('note')} />
          <Group>
            <Button type="submit" loading={transfer.isPending}>
              {t('stock.transfer.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormPage>
  );
}

type CountOutcome = { difference: number; onHand: number };

export function CountPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const initial = useInitial();
  const { options, defaultId } = useLocationOptions(true);
  const [outcome, setOutcome] = useState<CountOutcome | null>(null);
  const form = useForm({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId as string | null,
      countedQuantity: '' as number | string,
      note: '',
    },
  });
  const location = form.values.locationId ?? (defaultId ? String(defaultId) : null);
  const count = useMutation({
    mutationFn: (body: CountBody) => unwrap(bodega.api.POST('/api/v1/stock/counts', { body })),
    onSuccess: (result, body) => {
      const difference = result.movements.reduce((sum, m) => sum + m.quantity, 0);
      const next = { difference, onHand: result.levels[0]?.onHand ?? body.countedQuantity };
      setOutcome(next);
      afterStockWrite(
        queryClient,
        t('stock.count.done'),
        t('stock.count.doneDetail', {
          difference: signed(format.number, difference),
          onHand: format.number(next.onHand),
        }),
      );
      form.setValues({ countedQuantity: '', note: '' });
    },
    onError: (e) => form.setErrors(fieldErrors(t, e)),
  });
  const submit = form.onSubmit((v) => {
    setOutcome(null);
    const body = {
      productId: v.productId ?? undefined,
      ...(location ? { locationId: Number(location) } : {}),
      countedQuantity: numberOf(v.countedQuantity),
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    };
    const parsed = countBody.safeParse(body);
    if (!parsed.success) return form.setErrors(zodErrors(t, parsed.error.issues as Issues));
    count.mutate(parsed.data);
  });
  return (
    <FormPage title={t('stock.count.title')} error={count.error}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {outcome && (
            <Alert color={outcome.difference === 0 ? 'gray' : 'yellow'} data-testid="count-outcome">
              {outcome.difference === 0
                ? t('stock.count.noDifference', { onHand: format.number(outcome.onHand) })
                : t('stock.count.difference', {
                    difference: signed(format.number, outcome.difference),
                    onHand: format.number(outcome.onHand),
                  })}
            </Alert>
          )}
          <ProductSelect
            label={t('stock.form.product')}
            required
            value={form.values.productId}
            onChange={(id) => form.setFieldValue('productId', id)}
            error={form.errors.productId}
          />
          <Select
            label={t('stock.form.location')}
            data={options}
            value={location}
            onChange={(v) => form.setFieldValue('locationId', v)}
            allowDeselect={false}
          />
          <NumberInput
            label={t('stock.count.counted')}
            required
            min={0}
            allowDecimal={false}
            {...form.getInputProps('countedQuantity')}
          />
          <Textarea label={t('stock.form.note')} {...form.getInputProps('note')} />
          <Group>
            <Button type="submit" loading={count.isPending}>
              {t('stock.count.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormPage>
  );
}

/** +3, −2, 0 */
const signed = (number: (n: number) => string, n: number) => (n > 0 ? `+${number(n)}` : number(n));
