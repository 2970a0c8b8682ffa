import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { ADJUSTMENT_REASONS, MOVEMENT_TYPES } from '@bodega/domain';
import { Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { UrlDayInput } from '../../components/UrlDayInput';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { jsonOnly } from '../../lib/report-files';
import { productQuery, ProductSelect, useCurrency, useLocationOptions, LocationFilter } from './shared';

const PAGE = 50;

/** A calendar day in the browser's zone as the instant it starts (`to` is exclusive: the next day's start). */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export function MovementsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  const filter = useUrlFilters();
  const productId = filter.id('productId');
  const locationId = filter.id('locationId');
  const type = filter.oneOf('type', MOVEMENT_TYPES) ?? undefined;
  const from = dayStart(filter.day('from'));
  const to = dayStart(filter.day('to'), 1);
  const { options, nameOf } = useLocationOptions(false);

  const filters = { productId, locationId, type, from, to };
  const movements = useKeysetList({
    queryKey: ['movements', 'list', filters],
    // JSON here (the same route streams CSV with format=csv).
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/stock/movements', {
          params: {
            query: {
              limit: PAGE,
              ...(productId ? { productId } : {}),
              ...(locationId ? { locationId } : {}),
              ...(type ? { type } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ).then(jsonOnly),
  });
  const { rows } = movements;
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
          onChange={(id) => filter.set('productId', id ? String(id) : null)}
          w={300}
        />
        <LocationFilter filters={filter} options={options} w={200} />
        <Select
          label={t('stock.movements.type')}
          placeholder={t('stock.movements.allTypes')}
          data={MOVEMENT_TYPES.map((m) => ({ value: m, label: t(`stock.types.${m}`) }))}
          value={type ?? null}
          onChange={(v) => filter.set('type', v)}
          clearable
          w={180}
        />
        <UrlDayInput filters={filter} name="from" label={t('stock.movements.from')} />
        <UrlDayInput filters={filter} name="to" label={t('stock.movements.to')} />
      </Group>
      <QueryTable
        list={movements}
        empty={filtered ? t('stock.movements.noMatch') : t('stock.movements.empty')}
        minWidth={900}
        columns={[
          t('stock.movements.when'),
          t('stock.product'),
          t('stock.location'),
          t('stock.movements.type'),
          { label: t('stock.movements.quantity'), ta: 'right' },
          { label: t('stock.movements.onHandAfter'), ta: 'right' },
          { label: t('stock.movements.unitCost'), ta: 'right' },
          t('stock.movements.reason'),
          t('stock.movements.reference'),
        ]}
        striped
        data-testid="movements-table"
      >
        {(m) => (
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
        )}
      </QueryTable>
    </Stack>
  );
}

/** Reasons with words of their own (anything else is shown as the API wrote it). */
const ADJUSTMENT_REASON_KEYS = new Set<string>([...ADJUSTMENT_REASONS, 'count']);
