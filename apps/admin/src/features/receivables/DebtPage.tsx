import { ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { can } from '@bodega/domain';
import { Anchor, Badge, Button, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryTable } from '../../components/QueryTable';
import { useStaffUser } from '../../lib/session';
import { customerPaymentsQuery, debtQuery } from './api';
import { CustomerLink, DebtStatusBadge, Field, useMoney } from './parts';

export function DebtPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const id = Number(useParams().id);
  const debt = useQuery(debtQuery(id));
  const payments = useQuery({ ...customerPaymentsQuery(debt.data?.customerId ?? 0), enabled: !!debt.data });

  if (debt.isPending) return <PageLoader />;
  if (debt.isError) return <ErrorAlert error={debt.error} />;
  const d = debt.data;
  const allocations = (payments.data ?? []).flatMap((p) =>
    p.allocations.filter((a) => a.debtId === d.id).map((a) => ({ payment: p, amountCents: a.amountCents })),
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('receivables.debtNumber', { id: d.id })}</Title>
        {user && can(user.role, 'receivables.manage') && d.balanceCents > 0 && (
          <Button component={Link} to={`/receivables/payments/new?customerId=${d.customerId}`}>
            {t('receivables.recordPayment')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label={t('receivables.customer')}>
          <CustomerLink id={d.customerId} />
        </Field>
        <Field label={t('receivables.origin')}>
          {d.orderId && d.orderNumber ? (
            <Anchor component={Link} to={`/orders/${d.orderId}`}>
              {d.orderNumber}
            </Anchor>
          ) : (
            t('receivables.manual')
          )}
        </Field>
        <Field label={t('receivables.status')}>
          <span data-testid="debt-status">
            <DebtStatusBadge debt={d} />
          </span>
        </Field>
        <Field label={t('receivables.dueDate')}>{format.date(d.dueDate)}</Field>
        <Field label={t('receivables.amount')}>{money(d.amountCents)}</Field>
        <Field label={t('receivables.paid')}>{money(d.paidCents)}</Field>
        {d.creditedCents > 0 && <Field label={t('receivables.credited')}>{money(d.creditedCents)}</Field>}
        <Field label={t('receivables.outstanding')}>
          <span data-testid="debt-outstanding">{money(d.balanceCents)}</span>
        </Field>
        <Field label={t('receivables.daysOverdue')}>
          <Text c={d.overdue ? 'red' : undefined} fw={600} span>
            {format.number(d.daysOverdue)}
          </Text>
        </Field>
      </SimpleGrid>
      {d.note && <Text>{d.note}</Text>}
      <Title order={3}>{t('receivables.allocations')}</Title>
      <QueryTable
        list={{ ...payments, rows: allocations }}
        empty={t('receivables.noAllocations')}
        minWidth={520}
        columns={[
          t('receivables.payment'),
          t('receivables.receivedAt'),
          { label: t('receivables.amount'), ta: 'right' },
          t('receivables.status'),
        ]}
        striped
      >
        {({ payment, amountCents }) => (
          <Table.Tr key={payment.id}>
            <Table.Td>
              <Anchor component={Link} to={`/receivables/payments/${payment.id}`}>
                {t('receivables.paymentNumber', { id: payment.id })}
              </Anchor>
            </Table.Td>
            <Table.Td>{format.date(payment.receivedAt)}</Table.Td>
            <Table.Td ta="right">{money(amountCents)}</Table.Td>
            <Table.Td>
              <Badge color={payment.status === 'voided' ? 'gray' : 'teal'} variant="light">
                {t(`receivables.paymentStatus.${payment.status}`)}
              </Badge>
            </Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
