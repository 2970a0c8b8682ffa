import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Button, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUrlFilters, useUrlSearch } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { useLocationOptions, LocationFilter } from './shared';

const PAGE = 50;
/** The stock forms a row links to, with its product and location. */
const ROW_ACTIONS = ['receive', 'adjust', 'transfer', 'count'] as const;

export function StockPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'stock.write');
  const filter = useUrlFilters();
  const search = useUrlSearch(filter);
  const { q } = search;
  const locationId = filter.id('locationId');
  const lowStock = filter.params.get('lowStock') === 'true';
  const { options, nameOf } = useLocationOptions(false);

  const levels = useKeysetList({
    queryKey: ['stock', 'list', { q, locationId, lowStock }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/stock', {
          params: {
            query: {
              limit: PAGE,
              ...(q ? { q } : {}),
              ...(locationId ? { locationId } : {}),
              ...(lowStock ? { lowStock: 'true' as const } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ),
  });
  const filtered = !!(q || locationId || lowStock);
  const link = (path: string, productId: number, at: number) => `${path}?productId=${productId}&locationId=${at}`;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('stock.title')}</Title>
        <Group gap="xs">
          {canWrite && (
            <>
              <Button component={Link} to="/stock/receive">
                {t('stock.actions.receive')}
              </Button>
              <Button component={Link} to="/stock/adjust" variant="default">
                {t('stock.actions.adjust')}
              </Button>
              <Button component={Link} to="/stock/transfer" variant="default">
                {t('stock.actions.transfer')}
              </Button>
              <Button component={Link} to="/stock/count" variant="default">
                {t('stock.actions.count')}
              </Button>
            </>
          )}
          <Button component={Link} to="/stock/movements" variant="subtle">
            {t('stock.movements.nav')}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <TextInput label={t('stock.search')} placeholder={t('stock.searchHint')} {...search.input} w={320} />
        <LocationFilter filters={filter} options={options} w={220} />
        <Checkbox
          label={t('stock.lowStockOnly')}
          checked={lowStock}
          onChange={(e) => filter.set('lowStock', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      <QueryTable
        list={levels}
        empty={filtered ? t('stock.noMatch') : t('stock.empty')}
        minWidth={760}
        columns={[
          t('stock.product'),
          t('stock.location'),
          { label: t('stock.onHand'), ta: 'right' },
          { label: t('stock.reserved'), ta: 'right' },
          { label: t('stock.available'), ta: 'right' },
          { label: t('stock.incoming'), ta: 'right' },
          { label: t('stock.reorderPoint'), ta: 'right' },
          canWrite && t('stock.rowActions'),
        ]}
        striped
        highlightOnHover
        data-testid="stock-table"
      >
        {(l) => (
          <Table.Tr key={`${l.productId}-${l.locationId}`} data-testid={`stock-${l.productId}-${l.locationId}`}>
            <Table.Td>
              <Text size="sm">{l.name ?? `#${l.productId}`}</Text>
              <Text size="xs" c="dimmed">
                {l.sku}
              </Text>
            </Table.Td>
            <Table.Td>{nameOf(l.locationId)}</Table.Td>
            <Table.Td ta="right" data-testid="on-hand">
              {format.number(l.onHand)}
            </Table.Td>
            <Table.Td ta="right">{format.number(l.reserved)}</Table.Td>
            <Table.Td ta="right" data-testid="available">
              {format.number(l.available)}
            </Table.Td>
            <Table.Td ta="right">{format.number(l.incoming ?? 0)}</Table.Td>
            <Table.Td ta="right">{l.reorderPoint === undefined ? '' : format.number(l.reorderPoint)}</Table.Td>
            {canWrite && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {ROW_ACTIONS.map((action) => (
                    <Anchor
                      key={action}
                      component={Link}
                      size="sm"
                      to={link(`/stock/${action}`, l.productId, l.locationId)}
                    >
                      {t(`stock.row.${action}`)}
                    </Anchor>
                  ))}
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
