import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { bodega } from '../../lib/bodega';
import { ownCustomerQuery, statementQuery, useCurrency } from '../../lib/customer';
import { clearApiCaches } from '../../lib/pwa';
import { useSignedIn } from '../../lib/session';

function Debts({ money }: { money: (cents: number) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const debts = useQuery({
    queryKey: ['debts', 'mine'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/debts', { params: { query: { limit: 50 } }, signal })),
  });
  if (debts.isPending) return <PageLoader />;
  if (debts.error) return <ErrorAlert error={debts.error} />;
  const open = debts.data.items.filter((d) => d.status === 'open' || d.status === 'partially_paid');
  if (open.length === 0) return <Empty>{t('account.noDebts')}</Empty>;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table data-testid="debts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('account.order')}</Table.Th>
            <Table.Th>{t('account.due')}</Table.Th>
            <Table.Th ta="right">{t('account.owed')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {open.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.orderNumber ?? d.note ?? `#${d.id}`}</Table.Td>
              <Table.Td>
                {format.date(d.dueDate)}{' '}
                {d.overdue && (
                  <Badge color="red" size="xs">
                    {t('account.overdue')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{money(d.balanceCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Payments({ money }: { money: (cents: number) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const payments = useQuery({
    queryKey: ['payments', 'mine'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/payments', { params: { query: { limit: 50 } }, signal })),
  });
  if (payments.isPending) return <PageLoader />;
  if (payments.error) return <ErrorAlert error={payments.error} />;
  if (payments.data.items.length === 0) return <Empty>{t('account.noPayments')}</Empty>;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table data-testid="payments">
        <Table.Tbody>
          {payments.data.items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{format.date(p.receivedAt)}</Table.Td>
              <Table.Td>{t(`account.method.${p.method}`)}</Table.Td>
              <Table.Td ta="right" td={p.status === 'voided' ? 'line-through' : undefined}>
                {money(p.amountCents)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useSignedIn();
  const currency = useCurrency();
  const me = useQuery(ownCustomerQuery);
  const statement = useQuery({ ...statementQuery(me.data?.id ?? 0), enabled: me.data !== undefined });
  const money = (cents: number) => (currency ? format.money(cents, currency) : '');

  const signOut = async () => {
    await bodega.session.signOut();
    queryClient.clear();
    await clearApiCaches();
    await navigate('/sign-in');
  };

  return (
    <Stack>
      <Title order={2}>{t('account.title')}</Title>
      {me.isPending ? (
        <PageLoader />
      ) : me.error ? (
        <ErrorAlert error={me.error} />
      ) : (
        <Card withBorder padding="sm">
          <Stack gap={4}>
            <Text fw={600}>{me.data.name}</Text>
            <Text size="sm" c="dimmed">
              {user.email} · {me.data.code}
            </Text>
            <Group justify="space-between">
              <Text size="sm">{t('account.balance')}</Text>
              <Text fw={700} data-testid="balance">
                {statement.data ? money(statement.data.closingBalanceCents) : '…'}
              </Text>
            </Group>
            {me.data.creditLimitCents > 0 && (
              <Group justify="space-between">
                <Text size="sm">{t('account.creditLimit')}</Text>
                <Text size="sm">{money(me.data.creditLimitCents)}</Text>
              </Group>
            )}
          </Stack>
        </Card>
      )}
      <Title order={4}>{t('account.debts')}</Title>
      <Debts money={money} />
      <Title order={4}>{t('account.payments')}</Title>
      <Payments money={money} />
      <Button variant="default" onClick={() => void signOut()}>
        {t('shell.signOut')}
      </Button>
    </Stack>
  );
}
