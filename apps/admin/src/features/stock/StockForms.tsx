import { errorText, fieldErrors, useFormat, zodErrors } from '@bodega/app-kit';
import { idempotencyKey, unwrap } from '@bodega/client';
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
  type NumberInputProps,
  type SelectProps,
} from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { afterStockWrite, numberOf, ProductSelect, useCurrency, useLocationOptions } from './shared';

type Issues = Parameters<typeof zodErrors>[1];
type Errors = Record<string, string>;

/** The contract's body schema, as far as a form uses it. */
type BodySchema<B> = {
  safeParse: (data: unknown) => { success: true; data: B } | { success: false; error: { issues: unknown } };
};

/** What one stock form does; the skeleton (validation, the call, errors, the notification) is shared. */
type StockWrite<V, B, R> = {
  initialValues: V;
  /** The form's values as the request body, before the contract's schema checks it. */
  toBody: (values: V) => unknown;
  schema: BodySchema<B>;
  /** `key`: the Idempotency-Key of this entry (a retry of it changes the stock once). */
  post: (body: B, key: string) => Promise<R>;
  /** The notification's title and detail once the stock has changed. */
  done: (result: R, body: B) => readonly [title: string, detail: string];
  /** The fields emptied for the next entry (product and location stay). */
  reset: Partial<V>;
  /** Form errors keyed by the form's own field names, where they differ from the body's. */
  keys?: (errors: Errors) => Errors;
};

const sameKeys = (errors: Errors) => errors;

/** A stock form's state: the form, its write, and the submit that checks the body first. */
function useStockWrite<V extends { productId: number | null }, B, R>(write: StockWrite<V, B, R>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<V>({ initialValues: write.initialValues });
  const keys = write.keys ?? sameKeys;
  // One key per entry, renewed once it is recorded: a retry after a lost answer changes the stock
  // once (a refused request keeps nothing, so its key serves the corrected entry).
  const [key, setKey] = useState(idempotencyKey);
  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: B; key: string }) => write.post(body, key),
    onSuccess: (result, { body }) => {
      setKey(idempotencyKey());
      const [title, detail] = write.done(result, body);
      afterStockWrite(queryClient, title, detail);
      form.setValues(write.reset);
    },
    onError: (e) => form.setErrors(keys(fieldErrors(t, e))),
  });
  const onSubmit = form.onSubmit((values) => {
    const parsed = write.schema.safeParse(write.toBody(values));
    if (!parsed.success) return form.setErrors(keys(zodErrors(t, parsed.error.issues as Issues)));
    mutation.mutate({ body: parsed.data, key });
  });
  const product = { ...form.getInputProps('productId'), value: form.values.productId };
  return { form, mutation, onSubmit, product };
}

/** What the page around a stock form needs of `useStockWrite`. */
type StockFormState = {
  mutation: { error: unknown; isPending: boolean };
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  product: GetInputPropsReturnType & { value: number | null };
};

/** The page around a stock form: title, back link, the failed write, the product picker and submit. */
function StockFormPage({
  title,
  submitLabel,
  stock,
  onSubmit = stock.onSubmit,
  notice,
  children,
}: {
  title: string;
  submitLabel: string;
  stock: StockFormState;
  onSubmit?: (event?: FormEvent<HTMLFormElement>) => void;
  /** Shown above the fields (a count's outcome). */
  notice?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack maw={560}>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Anchor component={Link} to="/stock">
          {t('stock.form.back')}
        </Anchor>
      </Group>
      {stock.mutation.error ? (
        <Alert color="red" role="alert">
          {errorText(t, stock.mutation.error)}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            {notice}
            <ProductSelect label={t('stock.form.product')} required {...stock.product} />
            {children}
            <Group>
              <Button type="submit" loading={stock.mutation.isPending}>
                {submitLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** The product and location a link opened the form with (`?productId=…&locationId=…`). */
function useInitial() {
  const [params] = useSearchParams();
  return {
    productId: Number(params.get('productId')) || null,
    locationId: params.get('locationId'),
  };
}

/** The active locations a write may use; `pick` is the chosen one, else the default location. */
function useWriteLocations() {
  const { options, defaultId } = useLocationOptions(true);
  return { options, pick: (chosen: string | null) => chosen ?? (defaultId ? String(defaultId) : null) };
}

/** The location of a write (the default one until another is chosen), bound to a form field. */
function LocationSelect({
  locations,
  value,
  ...input
}: Omit<SelectProps, 'data' | 'value'> & { locations: ReturnType<typeof useWriteLocations>; value?: string | null }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('stock.form.location')}
      {...input}
      data={locations.options}
      value={locations.pick(value ?? null)}
      allowDeselect={false}
    />
  );
}

/** A required whole quantity (units, a counted quantity, a signed adjustment). */
function WholeNumberInput(props: Omit<NumberInputProps, 'required' | 'allowDecimal'>) {
  return <NumberInput required allowDecimal={false} {...props} />;
}

const trimmed = (key: string, text: string) => (text.trim() ? { [key]: text.trim() } : {});
const located = (location: string | null) => (location ? { locationId: Number(location) } : {});

/** Receive lines are `lines.0.*` in the body, plain fields in the form. */
const firstLine = (errors: Errors) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^lines\.0\./, ''), v]));

export function ReceivePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const initial = useInitial();
  const currency = useCurrency();
  const locations = useWriteLocations();
  const stock = useStockWrite({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId,
      quantity: '' as number | string,
      unitCost: '' as number | string,
      reference: '',
    },
    toBody: (v) => {
      const cost = numberOf(v.unitCost);
      return {
        ...located(locations.pick(v.locationId)),
        ...trimmed('reference', v.reference),
        lines: [
          {
            productId: v.productId ?? undefined,
            quantity: numberOf(v.quantity),
            unitCostCents: cost === undefined ? undefined : Math.round(cost * 100),
          },
        ],
      };
    },
    schema: receiptBody,
    post: (body: ReceiptBody, key) =>
      unwrap(bodega.api.POST('/api/v1/stock/receipts', { body, params: { header: { 'idempotency-key': key } } })),
    done: (receipt) => {
      const m = receipt.movements[0];
      return [
        t('stock.receive.done'),
        t('stock.receive.doneDetail', {
          quantity: format.number(m?.quantity ?? 0),
          onHand: format.number(m?.onHandAfter ?? 0),
        }),
      ];
    },
    reset: { quantity: '', unitCost: '', reference: '' },
    keys: firstLine,
  });
  const { form } = stock;
  return (
    <StockFormPage title={t('stock.receive.title')} submitLabel={t('stock.receive.submit')} stock={stock}>
      <LocationSelect locations={locations} {...form.getInputProps('locationId')} />
      <WholeNumberInput label={t('stock.form.quantity')} min={1} {...form.getInputProps('quantity')} />
      <NumberInput
        label={currency ? t('stock.form.unitCostIn', { currency }) : t('stock.form.unitCost')}
        required
        min={0}
        decimalScale={2}
        {...form.getInputProps('unitCost')}
        error={form.errors.unitCost ?? form.errors.unitCostCents}
      />
      <TextInput label={t('stock.form.reference')} {...form.getInputProps('reference')} />
    </StockFormPage>
  );
}

export function AdjustPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const initial = useInitial();
  const locations = useWriteLocations();
  const stock = useStockWrite({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId,
      quantity: '' as number | string,
      reason: null as string | null,
      note: '',
    },
    toBody: (v) => ({
      productId: v.productId ?? undefined,
      ...located(locations.pick(v.locationId)),
      quantity: numberOf(v.quantity),
      reason: v.reason ?? undefined,
      ...trimmed('note', v.note),
    }),
    schema: adjustmentBody,
    post: (body: AdjustmentBody, key) =>
      unwrap(bodega.api.POST('/api/v1/stock/adjustments', { body, params: { header: { 'idempotency-key': key } } })),
    done: (result) => [
      t('stock.adjust.done'),
      t('stock.adjust.doneDetail', { onHand: format.number(result.movements[0]?.onHandAfter ?? 0) }),
    ],
    reset: { quantity: '', note: '' },
  });
  const { form } = stock;
  return (
    <StockFormPage title={t('stock.adjust.title')} submitLabel={t('stock.adjust.submit')} stock={stock}>
      <LocationSelect locations={locations} {...form.getInputProps('locationId')} />
      <WholeNumberInput
        label={t('stock.adjust.quantity')}
        description={t('stock.adjust.quantityHint')}
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
    </StockFormPage>
  );
}

export function TransferPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const initial = useInitial();
  const { options, nameOf } = useLocationOptions(true);
  const stock = useStockWrite({
    initialValues: {
      productId: initial.productId,
      fromLocationId: initial.locationId,
      toLocationId: null as string | null,
      quantity: '' as number | string,
      note: '',
    },
    toBody: (v) => ({
      productId: v.productId ?? undefined,
      fromLocationId: v.fromLocationId ? Number(v.fromLocationId) : undefined,
      toLocationId: v.toLocationId ? Number(v.toLocationId) : undefined,
      quantity: numberOf(v.quantity),
      ...trimmed('note', v.note),
    }),
    schema: transferBody,
    post: (body: TransferBody, key) =>
      unwrap(bodega.api.POST('/api/v1/stock/transfers', { body, params: { header: { 'idempotency-key': key } } })),
    done: (_result, body) => [
      t('stock.transfer.done'),
      t('stock.transfer.doneDetail', {
        quantity: format.number(body.quantity),
        from: nameOf(body.fromLocationId),
        to: nameOf(body.toLocationId),
      }),
    ],
    reset: { quantity: '', note: '' },
  });
  const { form } = stock;
  return (
    <StockFormPage title={t('stock.transfer.title')} submitLabel={t('stock.transfer.submit')} stock={stock}>
      <Select label={t('stock.transfer.from')} required data={options} {...form.getInputProps('fromLocationId')} />
      <Select label={t('stock.transfer.to')} required data={options} {...form.getInputProps('toLocationId')} />
      <WholeNumberInput label={t('stock.form.quantity')} min={1} {...form.getInputProps('quantity')} />
      <Textarea label={t('stock.form.note')} {...form.getInputProps('note')} />
    </StockFormPage>
  );
}

type CountOutcome = { difference: number; onHand: number };

export function CountPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const initial = useInitial();
  const locations = useWriteLocations();
  const [outcome, setOutcome] = useState<CountOutcome | null>(null);
  const stock = useStockWrite({
    initialValues: {
      productId: initial.productId,
      locationId: initial.locationId,
      countedQuantity: '' as number | string,
      note: '',
    },
    toBody: (v) => ({
      productId: v.productId ?? undefined,
      ...located(locations.pick(v.locationId)),
      countedQuantity: numberOf(v.countedQuantity),
      ...trimmed('note', v.note),
    }),
    schema: countBody,
    post: (body: CountBody, key) =>
      unwrap(bodega.api.POST('/api/v1/stock/counts', { body, params: { header: { 'idempotency-key': key } } })),
    done: (result, body) => {
      const difference = result.movements.reduce((sum, m) => sum + m.quantity, 0);
      const next = { difference, onHand: result.levels[0]?.onHand ?? body.countedQuantity };
      setOutcome(next);
      return [
        t('stock.count.done'),
        t('stock.count.doneDetail', {
          difference: signed(format.number, difference),
          onHand: format.number(next.onHand),
        }),
      ];
    },
    reset: { countedQuantity: '', note: '' },
  });
  const { form } = stock;
  return (
    <StockFormPage
      title={t('stock.count.title')}
      submitLabel={t('stock.count.submit')}
      stock={stock}
      onSubmit={(event) => {
        setOutcome(null);
        stock.onSubmit(event);
      }}
      notice={
        outcome && (
          <Alert color={outcome.difference === 0 ? 'gray' : 'yellow'} data-testid="count-outcome">
            {outcome.difference === 0
              ? t('stock.count.noDifference', { onHand: format.number(outcome.onHand) })
              : t('stock.count.difference', {
                  difference: signed(format.number, outcome.difference),
                  onHand: format.number(outcome.onHand),
                })}
          </Alert>
        )
      }
    >
      <LocationSelect locations={locations} {...form.getInputProps('locationId')} />
      <WholeNumberInput label={t('stock.count.counted')} min={0} {...form.getInputProps('countedQuantity')} />
      <Textarea label={t('stock.form.note')} {...form.getInputProps('note')} />
    </StockFormPage>
  );
}

/** +3, −2, 0 */
const signed = (number: (n: number) => string, n: number) => (n > 0 ? `+${number(n)}` : number(n));
