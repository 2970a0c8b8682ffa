import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

const PAGE = 50;

export function SuppliersPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const pushSearch = useDebouncedCallback((value: string) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value.trim()) next.set('q', value.trim());
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, 250);

  const suppliers = useInfiniteQuery({
    queryKey: ['suppliers', 'list', { q }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/suppliers', {
          params: { query: { limit: PAGE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = suppliers.data?.pages.flatMap((p) => p.items) ?? [];

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
      <TextInput
        label={t('suppliers.search')}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          pushSearch(e.currentTarget.value);
        }}
        maw={360}
      />
      {suppliers.isPending ? (
        <PageLoader />
      ) : suppliers.isError ? (
        <ErrorAlert error={suppliers.error} />
      ) : rows.length === 0 ? (
        <Empty>{q ? t('suppliers.noMatch') : t('suppliers.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('suppliers.code')}</Table.Th>
                  <Table.Th>{t('suppliers.name')}</Table.Th>
                  <Table.Th>{t('suppliers.contact')}</Table.Th>
                  <Table.Th>{t('suppliers.email')}</Table.Th>
                  <Table.Th ta="right">{t('suppliers.leadTimeDays')}</Table.Th>
                  <Table.Th>{t('suppliers.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
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
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {suppliers.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={suppliers.isFetchingNextPage}
                onClick={() => void suppliers.fetchNextPage()}
              >
                {t('suppliers.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
