import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { Anchor, Badge, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { PAGE, type DebtorsPage as Page } from './api';
import { useMoney } from './parts';

const SORTS = ['balance', 'oldestDue', 'overdue'] as const;
type Sort = (typeof SORTS)[number];
const ORDERS = ['asc', 'desc'] as const;

/** Who owes what and since when: biggest balance first, or the oldest due date. */
export function DebtorsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const filter = useUrlFilters();
  const sort: Sort = filter.oneOf('sort', SORTS) ?? 'balance';
  const order = filter.oneOf('order', ORDERS) ?? undefined;
  const overdueOnly = filter.params.get('overdueOnly') === 'true';

  const query = { sort, ...(order ? { order } : {}), ...(overdueOnly ? { overdueOnly: 'true' as const } : {}) };
  const debtors = useKeysetList({
    queryKey: ['receivables', 'debtors', query],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/debtors', {
          params: { query: { limit: PAGE, ...query, ...cursor } },
          signal,
        }),
      ) as Promise<Page>,
  });

  return (
    <Stack>
      <Title order={2}>{t('receivables.debtors.title')}</Title>
      <Group align="end">
        <Select
          label={t('receivables.debtors.sort')}
          data={SORTS.map((s) => ({ value: s, label: t(`receivables.debtors.sorts.${s}`) }))}
          value={sort}
          onChange={(v) => filter.set('sort', v === 'balance' ? null : v)}
          allowDeselect={false}
        />
        <Select
          label={t('receivables.debtors.order')}
          placeholder={t('receivables.debtors.orders.default')}
          clearable
          data={[
            { value: 'desc', label: t('receivables.debtors.orders.desc') },
            { value: 'asc', label: t('receivables.debtors.orders.asc') },
          ]}
          value={order ?? null}
          onChange={(v) => filter.set('order', v)}
        />
        <Switch
          label={t('receivables.overdueOnly')}
          checked={overdueOnly}
          onChange={(e) => filter.set('overdueOnly', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      <QueryTable
        list={debtors}
        empty={t('receivables.debtors.empty')}
        minWidth={760}
        columns={[
          t('receivables.customer'),
          t('receivables.debtors.contact'),
          { label: t('receivables.debtors.balance'), ta: 'right' },
          { label: t('receivables.debtors.overdueAmount'), ta: 'right' },
          t('receivables.debtors.oldestDue'),
          { label: t('receivables.debtors.openDebts'), ta: 'right' },
          t('receivables.debtors.lastPayment'),
        ]}
        striped
        highlightOnHover
      >
        {(d) => (
          <Table.Tr
            key={d.customerId}
            data-testid={`debtor-${d.customerId}`}
            bg={d.overdueCents > 0 ? 'var(--mantine-color-red-light)' : undefined}
          >
            <Table.Td>
              <Anchor component={Link} to={`/receivables/customers/${d.customerId}`}>
                {d.name}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {d.code}
              </Text>
            </Table.Td>
            <Table.Td>{d.phone ?? d.email ?? ''}</Table.Td>
            <Table.Td ta="right" fw={600}>
              {money(d.balanceCents)}
            </Table.Td>
            <Table.Td ta="right">
              {d.overdueCents > 0 ? (
                <Text c="red" fw={600} span>
                  {money(d.overdueCents)}
                </Text>
              ) : (
                money(0)
              )}
            </Table.Td>
            <Table.Td>
              {format.date(d.oldestDueDate)}{' '}
              {d.daysOverdue > 0 && (
                <Badge color="red" variant="light">
                  {t('receivables.daysLate', { count: d.daysOverdue })}
                </Badge>
              )}
            </Table.Td>
            <Table.Td ta="right">{format.number(d.openDebts)}</Table.Td>
            <Table.Td>{d.lastPaymentAt ? format.date(d.lastPaymentAt) : '—'}</Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
