import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { Anchor, Badge, Button, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { PAGE, type DebtorsPage as Page } from './api';
import { useMoney } from './parts';

const SORTS = ['balance', 'oldestDue', 'overdue'] as const;
type Sort = (typeof SORTS)[number];

/** Who owes what and since when: biggest balance first, or the oldest due date. */
export function DebtorsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const [params, setParams] = useSearchParams();
  const sort: Sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as Sort)
    : 'balance';
  const order =
    params.get('order') === 'asc' ? ('asc' as const) : params.get('order') === 'desc' ? ('desc' as const) : undefined;
  const overdueOnly = params.get('overdueOnly') === 'true';
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );

  const query = { sort, ...(order ? { order } : {}), ...(overdueOnly ? { overdueOnly: 'true' as const } : {}) };
  const debtors = useInfiniteQuery({
    queryKey: ['receivables', 'debtors', query],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/debtors', {
          params: { query: { limit: PAGE, ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ) as Promise<Page>,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = debtors.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('receivables.debtors.title')}</Title>
      <Group align="end">
        <Select
          label={t('receivables.debtors.sort')}
          data={SORTS.map((s) => ({ value: s, label: t(`receivables.debtors.sorts.${s}`) }))}
          value={sort}
          onChange={(v) => set('sort', v === 'balance' ? null : v)}
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
          onChange={(v) => set('order', v)}
        />
        <Switch
          label={t('receivables.overdueOnly')}
          checked={overdueOnly}
          onChange={(e) => set('overdueOnly', e.currentTarget.checked ? 'true' : null)}
          mb={8}
        />
      </Group>
      {debtors.isPending ? (
        <PageLoader />
      ) : debtors.isError ? (
        <ErrorAlert error={debtors.error} />
      ) : rows.length === 0 ? (
        <Empty>{t('receivables.debtors.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('receivables.customer')}</Table.Th>
                  <Table.Th>{t('receivables.debtors.contact')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.debtors.balance')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.debtors.overdueAmount')}</Table.Th>
                  <Table.Th>{t('receivables.debtors.oldestDue')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.debtors.openDebts')}</Table.Th>
                  <Table.Th>{t('receivables.debtors.lastPayment')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
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
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {debtors.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={debtors.isFetchingNextPage}
                onClick={() => void debtors.fetchNextPage()}
              >
                {t('receivables.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
