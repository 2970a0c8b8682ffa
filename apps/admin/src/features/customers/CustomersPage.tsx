import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Button, Group, SegmentedControl, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '@bodega/app-kit';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { CustomerStatus } from './CustomerStatus';

const PAGE = 50;
const SHOWN = ['false', 'true'] as const;

export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const deleted = params.get('deleted') === 'true' ? 'true' : 'false';
  const [q] = useDebouncedValue(search.trim(), 250);
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;

  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && !(key === 'deleted' && value === 'false')) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const customers = useKeysetList({
    queryKey: ['customers', 'list', { q, deleted }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/customers', {
          params: { query: { limit: PAGE, deleted, ...(q ? { q } : {}), ...cursor } },
          signal,
        }),
      ),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('customers.title')}</Title>
        {user && can(user.role, 'customers.write') && (
          <Button component={Link} to="/customers/new">
            {t('customers.new')}
          </Button>
        )}
      </Group>
      <Group align="end">
        <TextInput
          label={t('customers.search')}
          value={search}
          onChange={(e) => setParam('q', e.currentTarget.value)}
          w={360}
        />
        <SegmentedControl
          aria-label={t('customers.show')}
          value={deleted}
          onChange={(v) => setParam('deleted', v)}
          data={SHOWN.map((v) => ({ value: v, label: t(`customers.shown.${v}`) }))}
        />
      </Group>
      <QueryTable
        list={customers}
        empty={q ? t('customers.noMatch') : t('customers.empty')}
        minWidth={640}
        columns={[
          t('customers.code'),
          t('customers.name'),
          t('customers.email'),
          t('customers.phone'),
          { label: t('customers.creditLimit'), ta: 'right' },
          t('customers.status'),
        ]}
        striped
        highlightOnHover
      >
        {(c) => (
          <Table.Tr key={c.id}>
            <Table.Td>{c.code}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/customers/${c.id}`}>
                {c.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{c.email}</Table.Td>
            <Table.Td>{c.phone}</Table.Td>
            <Table.Td ta="right">{currency ? format.money(c.creditLimitCents, currency) : null}</Table.Td>
            <Table.Td>
              <CustomerStatus active={c.active} deleted={c.deletedAt !== null} />
            </Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
