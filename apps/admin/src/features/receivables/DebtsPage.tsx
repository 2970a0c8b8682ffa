import { unwrap } from '@bodega/client';
import { can, DEBT_STATUSES } from '@bodega/domain';
import { useFormat } from '@bodega/app-kit';
import { Anchor, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { useUrlFilters } from '../../components/url-filters';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { PAGE } from './api';
import { AnyFilter, CustomerFilter, CustomerLink, DebtStatusBadge, useMoney } from './parts';

export function DebtsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const filter = useUrlFilters();
  const customerId = filter.params.get('customerId');
  const status = filter.oneOf('status', DEBT_STATUSES);
  const overdue = filter.params.get('overdue') === 'true' ? ('true' as const) : null;

  const filters = {
    ...(customerId ? { customerId: Number(customerId) } : {}),
    ...(status ? { status } : {}),
    ...(overdue ? { overdue } : {}),
  };
  const debts = useKeysetList({
    queryKey: ['debts', 'list', filters],
    fetchPage: (cursor, signal) =>
      unwrap(bodega.api.GET('/api/v1/debts', { params: { query: { limit: PAGE, ...filters, ...cursor } }, signal })),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('receivables.debts.title')}</Title>
        {user && can(user.role, 'debts.manual') && (
          <Button component={Link} to="/receivables/debts/new">
            {t('receivables.debts.newManual')}
          </Button>
        )}
      </Group>
      <Group align="end">
        <CustomerFilter filters={filter} />
        <AnyFilter
          filters={filter}
          name="status"
          label={t('receivables.status')}
          data={DEBT_STATUSES.map((s) => ({ value: s, label: t(`receivables.debtStatus.${s}`) }))}
          value={status}
        />
        <AnyFilter
          filters={filter}
          name="overdue"
          label={t('receivables.overdue')}
          data={[{ value: 'true', label: t('receivables.overdueOnly') }]}
          value={overdue}
        />
      </Group>
      <QueryTable
        list={debts}
        empty={t('receivables.debts.empty')}
        minWidth={720}
        columns={[
          t('receivables.debt'),
          t('receivables.customer'),
          t('receivables.origin'),
          { label: t('receivables.amount'), ta: 'right' },
          { label: t('receivables.outstanding'), ta: 'right' },
          t('receivables.dueDate'),
          t('receivables.status'),
        ]}
        striped
        highlightOnHover
      >
        {(d) => (
          <Table.Tr key={d.id} data-testid={`debt-${d.id}`}>
            <Table.Td>
              <Anchor component={Link} to={`/receivables/debts/${d.id}`}>
                {t('receivables.debtNumber', { id: d.id })}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <CustomerLink id={d.customerId} />
            </Table.Td>
            <Table.Td>{d.orderNumber ?? t('receivables.manual')}</Table.Td>
            <Table.Td ta="right">{money(d.amountCents)}</Table.Td>
            <Table.Td ta="right">{money(d.balanceCents)}</Table.Td>
            <Table.Td>{format.date(d.dueDate)}</Table.Td>
            <Table.Td>
              <DebtStatusBadge debt={d} />
            </Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
