import { unwrap } from '@bodega/client';
import { can, DEBT_STATUSES } from '@bodega/domain';
import { useFormat } from '@bodega/app-kit';
import { Anchor, Button, Group, Select, Stack, Table, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { PAGE } from './api';
import { CustomerLink, CustomerPicker, DebtStatusBadge, useMoney } from './parts';

type Status = (typeof DEBT_STATUSES)[number];

export function DebtsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId');
  const status = (DEBT_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as Status)
    : null;
  const overdue = params.get('overdue') === 'true' ? ('true' as const) : null;
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );

  const filters = {
    ...(customerId ? { customerId: Number(customerId) } : {}),
    ...(status ? { status } : {}),
    ...(overdue ? { overdue } : {}),
  };
  const debts = useInfiniteQuery({
    queryKey: ['debts', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/debts', {
          params: { query: { limit: PAGE, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = debts.data?.pages.flatMap((p) => p.items) ?? [];

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
        <CustomerPicker label={t('receivables.customer')} value={customerId} onChange={(v) => set('customerId', v)} />
        <Select
          label={t('receivables.status')}
          clearable
          placeholder={t('receivables.any')}
          data={DEBT_STATUSES.map((s) => ({ value: s, label: t(`receivables.debtStatus.${s}`) }))}
          value={status}
          onChange={(v) => set('status', v)}
        />
        <Select
          label={t('receivables.overdue')}
          clearable
          placeholder={t('receivables.any')}
          data={[{ value: 'true', label: t('receivables.overdueOnly') }]}
          value={overdue}
          onChange={(v) => set('overdue', v)}
        />
      </Group>
      {debts.isPending ? (
        <PageLoader />
      ) : debts.isError ? (
        <ErrorAlert error={debts.error} />
      ) : rows.length === 0 ? (
        <Empty>{t('receivables.debts.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('receivables.debt')}</Table.Th>
                  <Table.Th>{t('receivables.customer')}</Table.Th>
                  <Table.Th>{t('receivables.origin')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.amount')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.outstanding')}</Table.Th>
                  <Table.Th>{t('receivables.dueDate')}</Table.Th>
                  <Table.Th>{t('receivables.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
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
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {debts.hasNextPage && (
            <Group>
              <Button variant="default" loading={debts.isFetchingNextPage} onClick={() => void debts.fetchNextPage()}>
                {t('receivables.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
