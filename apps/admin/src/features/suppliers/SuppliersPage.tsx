import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUrlFilters, useUrlSearch } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

const PAGE = 50;

export function SuppliersPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  const search = useUrlSearch(useUrlFilters());
  const { q } = search;

  const suppliers = useKeysetList({
    queryKey: ['suppliers', 'list', { q }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/suppliers', {
          params: { query: { limit: PAGE, ...(q ? { q } : {}), ...cursor } },
          signal,
        }),
      ),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('suppliers.title')}</Title>
        {user && can(user.role, 'suppliers.manage') && (
          <Button component={Link} to="/suppliers/new">
            {t('suppliers.new')}
          </Button>
        )}
      </Group>
      <TextInput label={t('suppliers.search')} {...search.input} maw={360} />
      <QueryTable
        list={suppliers}
        empty={q ? t('suppliers.noMatch') : t('suppliers.empty')}
        minWidth={640}
        columns={[
          t('suppliers.code'),
          t('suppliers.name'),
          t('suppliers.contact'),
          t('suppliers.email'),
          { label: t('suppliers.leadTimeDays'), ta: 'right' },
          t('suppliers.status'),
        ]}
        striped
        highlightOnHover
      >
        {(s) => (
          <Table.Tr key={s.id}>
            <Table.Td>{s.code}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/suppliers/${s.id}`}>
                {s.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{s.contact}</Table.Td>
            <Table.Td>{s.email}</Table.Td>
            <Table.Td ta="right">{s.leadTimeDays}</Table.Td>
            <Table.Td>
              <Badge color={s.active ? 'teal' : 'gray'} variant="light">
                {s.active ? t('suppliers.activeBadge') : t('suppliers.inactiveBadge')}
              </Badge>
            </Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
