import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, PURCHASE_ORDER_STATUSES } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUrlFilters, useUrlSearch } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { STATUS_COLOR } from './queries';

const PAGE = 50;

export function PurchaseOrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const manage = !!user && can(user.role, 'purchasing.manage');
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const filter = useUrlFilters();
  const status = filter.oneOf('status', PURCHASE_ORDER_STATUSES) ?? undefined;
  const search = useUrlSearch(filter);
  const { q } = search;

  const orders = useKeysetList({
    queryKey: ['purchase-orders', 'list', { status, q }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/purchase-orders', {
          params: {
            query: {
              limit: PAGE,
              ...(status ? { status } : {}),
              ...(q ? { q } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('purchasing.title')}</Title>
        {manage && (
          <Group>
            <Button variant="default" component={Link} to="/purchase-orders/suggestions">
              {t('purchasing.suggestions.nav')}
            </Button>
            <Button component={Link} to="/purchase-orders/new">
              {t('purchasing.new')}
            </Button>
          </Group>
        )}
      </Group>
      <Group align="end">
        <Select
          label={t('purchasing.statusFilter')}
          clearable
          placeholder={t('purchasing.allStatuses')}
          data={PURCHASE_ORDER_STATUSES.map((s) => ({ value: s, label: t(`purchasing.status.${s}`) }))}
          value={status ?? null}
          onChange={(v) => filter.set('status', v)}
          w={220}
        />
        <TextInput label={t('purchasing.searchNumber')} {...search.input} w={240} />
      </Group>
      <QueryTable
        list={orders}
        empty={status || q ? t('purchasing.noMatch') : t('purchasing.empty')}
        minWidth={720}
        columns={[
          t('purchasing.number'),
          t('purchasing.supplier'),
          t('purchasing.statusLabel'),
          t('purchasing.expectedDate'),
          { label: t('purchasing.lineCount'), ta: 'right' },
          { label: t('purchasing.total'), ta: 'right' },
          t('purchasing.createdAt'),
        ]}
        striped
        highlightOnHover
      >
        {(po) => (
          <Table.Tr key={po.id}>
            <Table.Td>
              <Anchor component={Link} to={`/purchase-orders/${po.id}`}>
                {po.number}
              </Anchor>
            </Table.Td>
            <Table.Td>{po.supplierName}</Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[po.status]} variant="light">
                {t(`purchasing.status.${po.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{po.expectedDate ? format.date(po.expectedDate) : ''}</Table.Td>
            <Table.Td ta="right">{format.number(po.lineCount)}</Table.Td>
            <Table.Td ta="right">
              {currency ? format.money(po.totalCents, currency) : format.number(po.totalCents / 100)}
            </Table.Td>
            <Table.Td>{format.dateTime(po.createdAt)}</Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
