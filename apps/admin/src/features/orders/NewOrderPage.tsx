import { Empty, ErrorAlert, errorText, zodErrors } from '@bodega/app-kit';
import { idempotencyKey, isApiError, unwrap, type Shortage } from '@bodega/client';
import { placeOrderBody, type PlaceOrderBody } from '@bodega/contract';
import { canSetShipping, maxDiscountBp, PAYMENT_TERMS, type PaymentTerms } from '@bodega/domain';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { CustomerPicker } from './CustomerPicker';
import { availabilityQuery, customerCreditQuery, defaultLocationQuery, useMoney } from './queries';

type Line = { productId: number; sku: string; name: string; priceCents: number; quantity: number | string };

/** Place an order for a customer: lines by product search, the server's prices, its stock and credit checks. */
export function NewOrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useStaffUser();
  const [params] = useSearchParams();
  const [customerId, setCustomerId] = useState<number | null>(Number(params.get('customerId')) || null);
  const [lines, setLines] = useState<Line[]>([]);
  const [paymentTerms, setPaymentTerms] = useState<PaymentTerms>('cash');
  const [discountPercent, setDiscountPercent] = useState<number | string>('');
  const [discountReason, setDiscountReason] = useState('');
  const [shipping, setShipping] = useState<number | string>('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // One key for this form: a double click or a retry answers the first order, never a second one.
  const [key] = useState(idempotencyKey);
  const location = useQuery(defaultLocationQuery).data;
  const role = user?.role;
  const maxDiscount = role ? maxDiscountBp(role) : 0;
  const shippingAllowed = role ? canSetShipping(role) : false;

  const place = useMutation({
    mutationFn: (body: PlaceOrderBody) =>
      unwrap(bodega.api.POST('/api/v1/orders', { body, params: { header: { 'idempotency-key': key } } })),
    onSuccess: async (order) => {
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: ['stock'] });
      await navigate(`/orders/${order.id}`);
    },
  });
  const shortages: Shortage[] = isApiError(place.error, 'insufficient_stock') ? place.error.shortages : [];

  const addProduct = (p: Omit<Line, 'quantity'>) =>
    setLines((ls) =>
      ls.some((l) => l.productId === p.productId)
        ? ls.map((l) => (l.productId === p.productId ? { ...l, quantity: Number(l.quantity || 0) + 1 } : l))
        : [...ls, { ...p, quantity: 1 }],
    );
  const setQuantity = (productId: number, quantity: number | string) =>
    setLines((ls) => ls.map((l) => (l.productId === productId ? { ...l, quantity } : l)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const percent = Number(discountPercent || 0);
    const body = {
      ...(customerId ? { customerId } : {}),
      lines: lines.map((l) => ({ productId: l.productId, quantity: Number(l.quantity) })),
      paymentTerms,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(percent > 0 ? { discount: { type: 'percent' as const, percent, reason: discountReason } } : {}),
      ...(shippingAllowed && Number(shipping) > 0 ? { shippingCents: Math.round(Number(shipping) * 100) } : {}),
      ...(location ? { locationId: location.id } : {}),
    };
    const parsed = placeOrderBody.safeParse(body);
    const found = parsed.success ? {} : zodErrors(t, parsed.error.issues);
    if (!customerId) found.customerId = t('validation.required');
    if (percent * 100 > maxDiscount) found['discount.percent'] = t('validation.too_big', { max: maxDiscount / 100 });
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) return;
    place.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t('orders.new')}</Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <CustomerPicker
            label={t('orders.customer')}
            value={customerId}
            onChange={setCustomerId}
            activeOnly
            required
            error={errors.customerId}
          />
          {customerId && (
            <CreditFigures customerId={customerId} exceeded={isApiError(place.error, 'credit_limit_exceeded')} />
          )}
        </SimpleGrid>
        <ProductSearch onPick={addProduct} />
        {lines.length === 0 ? (
          <Empty>{t('orders.noLines')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.product')}</Table.Th>
                  <Table.Th ta="right">{t('orders.unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('orders.available')}</Table.Th>
                  <Table.Th>{t('orders.quantity')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l, i) => (
                  <LineRow
                    key={l.productId}
                    line={l}
                    locationId={location?.id ?? null}
                    error={errors[`lines.${i}.quantity`]}
                    shortage={shortages.find((s) => s.productId === l.productId)}
                    onQuantity={(q) => setQuantity(l.productId, q)}
                    onRemove={() => setLines((ls) => ls.filter((x) => x.productId !== l.productId))}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {errors.lines && (
          <Text c="red" size="sm">
            {errors.lines}
          </Text>
        )}
        <Input.Wrapper label={t('orders.paymentTerms')} description={t('orders.creditHint')}>
          <div>
            <SegmentedControl
              aria-label={t('orders.paymentTerms')}
              value={paymentTerms}
              onChange={(v) => setPaymentTerms(v as PaymentTerms)}
              data={PAYMENT_TERMS.map((p) => ({ value: p, label: t(`orders.terms.${p}`) }))}
            />
          </div>
        </Input.Wrapper>
        {(maxDiscount > 0 || shippingAllowed) && (
          <Group align="start" grow>
            {maxDiscount > 0 && (
              <NumberInput
                label={t('orders.discountPercent')}
                description={t('orders.discountMax', { max: maxDiscount / 100 })}
                min={0}
                max={maxDiscount / 100}
                decimalScale={2}
                value={discountPercent}
                onChange={setDiscountPercent}
                error={errors['discount.percent']}
              />
            )}
            {maxDiscount > 0 && Number(discountPercent) > 0 && (
              <TextInput
                label={t('orders.discountReason')}
                required
                value={discountReason}
                onChange={(e) => setDiscountReason(e.currentTarget.value)}
                error={errors['discount.reason']}
              />
            )}
            {shippingAllowed && (
              <NumberInput
                label={t('orders.shipping')}
                min={0}
                decimalScale={2}
                value={shipping}
                onChange={setShipping}
                error={errors.shippingCents}
              />
            )}
          </Group>
        )}
        <Textarea
          label={t('orders.notes')}
          autosize
          minRows={2}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        {place.isError && (
          <Alert color="red" role="alert" data-testid="order-error">
            {errorText(t, place.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={place.isPending}>
            {t('orders.place')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreditFigures({ customerId, exceeded }: { customerId: number; exceeded: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const credit = useQuery(customerCreditQuery(customerId));
  if (credit.isPending) return null;
  if (credit.isError) return <ErrorAlert error={credit.error} />;
  const c = credit.data;
  return (
    <Card
      withBorder
      padding="xs"
      data-testid="order-credit"
      style={exceeded ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
    >
      <Group gap="lg">
        <Figure label={t('orders.creditLimit')} value={money(c.creditLimitCents)} />
        <Figure label={t('orders.balance')} value={money(c.balanceCents)} />
        <Figure label={t('orders.availableCredit')} value={money(c.availableCreditCents)} />
      </Group>
      {exceeded && (
        <Text size="sm" c="red" role="alert">
          {t('errors.credit_limit_exceeded')}
        </Text>
      )}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  );
}

function ProductSearch({ onPick }: { onPick: (p: Omit<Line, 'quantity'>) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const products = useQuery({
    queryKey: ['products', 'list', { q, active: true, picker: true }],
    queryFn: ({ signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/products', {
          params: { query: { limit: 20, active: 'true', ...(q ? { q } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const items = products.data?.items ?? [];
  return (
    <Select
      label={t('orders.addProduct')}
      placeholder={t('orders.searchProduct')}
      searchable
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={items.map((p) => ({ value: String(p.id), label: `${p.name} · ${p.sku} · ${money(p.priceCents)}` }))}
      onChange={(v) => {
        const p = items.find((x) => String(x.id) === v);
        if (p) onPick({ productId: p.id, sku: p.sku, name: p.name, priceCents: p.priceCents });
        setSearch('');
      }}
    />
  );
}

type LineRowProps = {
  line: Line;
  locationId: number | null;
  error: string | undefined;
  shortage: Shortage | undefined;
  onQuantity: (q: number | string) => void;
  onRemove: () => void;
};

function LineRow({ line, locationId, error, shortage, onQuantity, onRemove }: LineRowProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const available = useQuery({
    ...availabilityQuery(line.productId, locationId ?? 0),
    enabled: locationId !== null,
  });
  return (
    <Table.Tr data-testid="order-line">
      <Table.Td>
        <Text size="sm">{line.name}</Text>
        <Text size="xs" c="dimmed">
          {line.sku}
        </Text>
        {shortage && (
          <Text size="sm" c="red" role="alert" data-testid="line-shortage">
            {t('orders.shortage', { requested: shortage.requested, available: shortage.available })}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" data-testid="line-price">
        {money(line.priceCents)}
      </Table.Td>
      <Table.Td ta="right" data-testid="line-available">
        {available.data ?? null}
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={t('orders.quantityOf', { name: line.name })}
          min={1}
          allowDecimal={false}
          w={110}
          value={line.quantity}
          onChange={onQuantity}
          error={error ?? (shortage ? true : undefined)}
        />
      </Table.Td>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('orders.removeLine', { name: line.name })}
          onClick={onRemove}
        >
          ×
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
