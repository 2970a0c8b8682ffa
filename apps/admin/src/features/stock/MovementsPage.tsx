import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { ADJUSTMENT_REASONS, MOVEMENT_TYPES, type MovementType } from '@bodega/domain';
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { productQuery, ProductSelect, useCurrency, useLocationOptions } from './shared';

const PAGE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day in the browser's zone as the instant it starts (`to` is exclusive: the next day's start). */
function dayStart(day: string | null, plusDays = 0): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export function MovementsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  const [params, setParams] = useSearchParams();
  const productId = Number(params.get('productId')) || undefined;
  const locationId = Number(params.get('locationId')) || undefined;
  const typeParam = params.get('type');
  const type = MOVEMENT_TYPES.includes(typeParam as MovementType) ? (typeParam as MovementType) : undefined;
  const fromDay = params.get('from');
  const toDay = params.get('to');
  const from = dayStart(fromDay);
  const to = dayStart(toDay, 1);
  const { options, nameOf } = useLocationOptions(false);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const filters = { productId, locationId, type, from, to };
  const movements = useInfiniteQuery({
    queryKey: ['movements', 'list', filters],
    queryFn: async ({ pageParam, signal }) => {
      const page = await unwrap(
        bodega.api.GET('/api/v1/stock/movements', {
          params: {
            query: {
              limit: PAGE,
              ...(productId ? { productId } : {}),
              ...(locationId ? { locationId } : {}),
              ...(type ? { type } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      );
      // JSON here (the same route streams CSV with format=csv).
      return page as Exclude<typeof page, string>;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = movements.data?.pages.flatMap((p) => p.items) ?? [];
  const productIds = [...new Set(rows.map((m) => m.productId))];
  const products = useQueries({ queries: productIds.map((id) => productQuery(id)) });
  const productName = (id: number) => {
    const p = products[productIds.indexOf(id)]?.data;
    return p ? `${p.name} (${p.sku})` : `#${id}`;
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);

  return (
    <Stack>
      <Title order={2}>{t('stock.movements.title')}</Title>
      <Group align="flex-end">
        <ProductSelect
          label={t('stock.form.product')}
          placeholder={t('stock.movements.allProducts')}
          value={productId ?? null}
          onChange={(id) => setParam('productId', id ? String(id) : null)}
          w={300}
        />
        <Select
          label={t('stock.location')}
          placeholder={t('stock.allLocations')}
          data={options}
          value={locationId ? String(locationId) : null}
          onChange={(v) => setParam('locationId', v)}
          clearable
          w={200}
        />
        <Select
          label={t('stock.movements.type')}
          placeholder={t('stock.movements.allTypes')}
          data={MOVEMENT_TYPES.map((m) => ({ value: m, label: t(`stock.types.${m}`) }))}
          value={type ?? null}
          onChange={(v) => setParam('type', v)}
          clearable
          w={180}
        />
        <TextInput
          type="date"
          label={t('stock.movements.from')}
          value={fromDay ?? ''}
          onChange={(e) => setParam('from', e.currentTarget.value || null)}
        />
        <TextInput
          type="date"
          label={t('stock.movements.to')}
          value={toDay ?? ''}
          onChange={(e) => setParam('to', e.currentTarget.value || null)}
        />
      </Group>
      {movements.isPending ? (
        <PageLoader />
      ) : movements.isError ? (
        <ErrorAlert error={movements.error} />
      ) : rows.length === 0 ? (
        <Empty>{filtered ? t('stock.movements.noMatch') : t('stock.movements.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="movements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('stock.movements.when')}</Table.Th>
                  <Table.Th>{t('stock.product')}</Table.Th>
                  <Table.Th>{t('stock.location')}</Table.Th>
                  <Table.Th>{t('stock.movements.type')}</Table.Th>
                  <Table.Th ta="right">{t('stock.movements.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('stock.movements.onHandAfter')}</Table.Th>
                  <Table.Th ta="right">{t('stock.movements.unitCost')}</Table.Th>
                  <Table.Th>{t('stock.movements.reason')}</Table.Th>
                  <Table.Th>{t('stock.movements.reference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m) => (
                  <Table.Tr key={m.id} data-testid="movement">
                    <Table.Td>{format.dateTime(m.createdAt)}</Table.Td>
                    <Table.Td>{productName(m.productId)}</Table.Td>
                    <Table.Td>{nameOf(m.locationId)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={m.quantity < 0 ? 'red' : 'teal'}>
                        {t(`stock.types.${m.type}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      {m.quantity > 0 ? `+${format.number(m.quantity)}` : format.number(m.quantity)}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(m.onHandAfter)}</Table.Td>
                    <Table.Td ta="right">
                      {m.unitCostCents === null
                        ? ''
                        : currency
                          ? format.money(m.unitCostCents, currency)
                          : format.number(m.unitCostCents / 100)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {m.reason && (ADJUSTMENT_REASON_KEYS.has(m.reason) ? t(`stock.reasons.${m.reason}`) : m.reason)}
                      </Text>
                      {m.note && (
                        <Text size="xs" c="dimmed">
                          {m.note}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{m.reference}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {movements.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={movements.isFetchingNextPage}
                onClick={() => void movements.fetchNextPage()}
              >
                {t('stock.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

/** Reasons with words of their own (anything else is shown as the API wrote it). */
const ADJUSTMENT_REASON_KEYS = new Set<string>([...ADJUSTMENT_REASONS, 'count']);
