import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, PAYMENT_METHODS, PAYMENT_STATUSES_LEDGER } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { PAGE } from './api';
import { CustomerLink, CustomerPicker, useMoney } from './parts';

type Method = (typeof PAYMENT_METHODS)[number];
type State = (typeof PAYMENT_STATUSES_LEDGER)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : null;

export function PaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId');
  const method = oneOf<Method>(PAYMENT_METHODS, params.get('method'));
  const status = oneOf<State>(PAYMENT_STATUSES_LEDGER, params.get('status'));
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : '';
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
    ...(method ? { method } : {}),
    ...(status ? { status } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const payments = useInfiniteQuery({
    queryKey: ['payments', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/payments', {
          params: { query: { limit: PAGE, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('receivables.payments.title')}</Title>
        {user && can(user.role, 'receivables.manage') && (
          <Button
            component={Link}
            to={customerId ? `/receivables/payments/new?customerId=${customerId}` : '/receivables/payments/new'}
          >
            {t('receivables.recordPayment')}
          </Button>
        )}
      </Group>
      <Group align="end">
        <CustomerPicker label={t('receivables.customer')} value={customerId} onChange={(v) => set('customerId', v)} />
        <Select
          label={t('receivables.method')}
          clearable
          placeholder={t('receivables.any')}
          data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`receivables.methods.${m}`) }))}
          value={method}
          onChange={(v) => set('method', v)}
        />
        <Select
          label={t('receivables.status')}
          clearable
          placeholder={t('receivables.any')}
          data={PAYMENT_STATUSES_LEDGER.map((s) => ({ value: s, label: t(`receivables.paymentStatus.${s}`) }))}
          value={status}
          onChange={(v) => set('status', v)}
        />
        <TextInput
          type="date"
          label={t('receivables.from')}
          value={from}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('receivables.to')}
          value={to}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
      </Group>
      {payments.isPending ? (
        <PageLoader />
      ) : payments.isError ? (
        <ErrorAlert error={payments.error} />
      ) : rows.length === 0 ? (
        <Empty>{t('receivables.payments.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('receivables.payment')}</Table.Th>
                  <Table.Th>{t('receivables.customer')}</Table.Th>
                  <Table.Th>{t('receivables.receivedAt')}</Table.Th>
                  <Table.Th>{t('receivables.method')}</Table.Th>
                  <Table.Th>{t('receivables.reference')}</Table.Th>
                  <Table.Th ta="right">{t('receivables.amount')}</Table.Th>
                  <Table.Th>{t('receivables.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/receivables/payments/${p.id}`}>
                        {t('receivables.paymentNumber', { id: p.id })}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <CustomerLink id={p.customerId} />
                    </Table.Td>
                    <Table.Td>{format.date(p.receivedAt)}</Table.Td>
                    <Table.Td>{t(`receivables.methods.${p.method}`)}</Table.Td>
                    <Table.Td>{p.reference}</Table.Td>
                    <Table.Td ta="right">{money(p.amountCents)}</Table.Td>
                    <Table.Td>
                      <Badge color={p.status === 'voided' ? 'gray' : 'teal'} variant="light">
                        {t(`receivables.paymentStatus.${p.status}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {payments.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={payments.isFetchingNextPage}
                onClick={() => void payments.fetchNextPage()}
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
