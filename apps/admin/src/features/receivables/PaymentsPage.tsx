import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can, PAYMENT_METHODS, PAYMENT_STATUSES_LEDGER } from '@bodega/domain';
import { Anchor, Badge, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { UrlDayInput } from '../../components/UrlDayInput';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { PAGE } from './api';
import { AnyFilter, CustomerFilter, CustomerLink, useMoney } from './parts';

export function PaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const filter = useUrlFilters();
  const customerId = filter.params.get('customerId');
  const method = filter.oneOf('method', PAYMENT_METHODS);
  const status = filter.oneOf('status', PAYMENT_STATUSES_LEDGER);
  const from = filter.day('from');
  const to = filter.day('to');

  const filters = {
    ...(customerId ? { customerId: Number(customerId) } : {}),
    ...(method ? { method } : {}),
    ...(status ? { status } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const payments = useKeysetList({
    queryKey: ['payments', 'list', filters],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/payments', {
          params: { query: { limit: PAGE, ...filters, ...cursor } },
          signal,
        }),
      ),
  });

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
        <CustomerFilter filters={filter} />
        <AnyFilter
          filters={filter}
          name="method"
          label={t('receivables.method')}
          data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`receivables.methods.${m}`) }))}
          value={method}
        />
        <AnyFilter
          filters={filter}
          name="status"
          label={t('receivables.status')}
          data={PAYMENT_STATUSES_LEDGER.map((s) => ({ value: s, label: t(`receivables.paymentStatus.${s}`) }))}
          value={status}
        />
        <UrlDayInput filters={filter} name="from" label={t('receivables.from')} />
        <UrlDayInput filters={filter} name="to" label={t('receivables.to')} />
      </Group>
      <QueryTable
        list={payments}
        empty={t('receivables.payments.empty')}
        minWidth={720}
        columns={[
          t('receivables.payment'),
          t('receivables.customer'),
          t('receivables.receivedAt'),
          t('receivables.method'),
          t('receivables.reference'),
          { label: t('receivables.amount'), ta: 'right' },
          t('receivables.status'),
        ]}
        striped
        highlightOnHover
      >
        {(p) => (
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
        )}
      </QueryTable>
    </Stack>
  );
}
