import { ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import type { Customer } from '@bodega/contract';
import { can } from '@bodega/domain';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { CustomerStatus } from './CustomerStatus';
import { customerCreditQuery, customerQuery } from './queries';

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const user = useStaffUser();
  const customer = useQuery(customerQuery(id));
  if (customer.isPending) return <PageLoader />;
  if (customer.isError) return <ErrorAlert error={customer.error} />;
  const c = customer.data;
  const role = user?.role;
  const writable = role !== undefined && can(role, 'customers.write') && c.deletedAt === null;

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{c.name}</Title>
          <Text c="dimmed">{c.code}</Text>
          <CustomerStatus active={c.active} deleted={c.deletedAt !== null} />
        </Group>
        <Group>
          {writable && c.active && role && can(role, 'orders.create') && (
            <Button component={Link} to={`/orders/new?customerId=${c.id}`}>
              {t('customers.newOrder')}
            </Button>
          )}
          {writable && (
            <Button variant="default" component={Link} to={`/customers/${c.id}/edit`}>
              {t('customers.edit')}
            </Button>
          )}
          {writable && <ActiveToggle customer={c} />}
          {role && can(role, 'customers.delete') && c.deletedAt === null && <DeleteCustomer customer={c} />}
        </Group>
      </Group>
      {c.deletedAt && <Alert color="red">{t('customers.deletedNotice', { reason: c.deleteReason ?? '' })}</Alert>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap={4}>
            <Field label={t('customers.email')} value={c.email} />
            <Field label={t('customers.phone')} value={c.phone} />
            <Field label={t('customers.taxId')} value={c.taxId} />
            <Field label={t('customers.address')} value={c.address} />
            <Field label={t('customers.paymentTermsDays')} value={String(c.paymentTermsDays)} />
            <Field label={t('customers.notes')} value={c.notes} />
          </Stack>
        </Card>
        {role && can(role, 'receivables.read') ? (
          <CreditCard customerId={c.id} />
        ) : (
          <Card withBorder>
            <CreditLimitOnly cents={c.creditLimitCents} />
          </Card>
        )}
      </SimpleGrid>
      <CustomerOrders customerId={c.id} />
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <Group gap="xs" wrap="nowrap" align="start">
      <Text size="sm" c="dimmed" w={160}>
        {label}
      </Text>
      <Text size="sm">{value ?? '—'}</Text>
    </Group>
  );
}

function useCurrency() {
  return useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
}

function CreditLimitOnly({ cents }: { cents: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  return <Field label={t('customers.creditLimit')} value={currency ? format.money(cents, currency) : null} />;
}

function CreditCard({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  const credit = useQuery(customerCreditQuery(customerId));
  const money = (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));
  return (
    <Card withBorder data-testid="customer-credit">
      {credit.isPending ? (
        <PageLoader />
      ) : credit.isError ? (
        <ErrorAlert error={credit.error} />
      ) : (
        <Stack gap={4}>
          <Field label={t('customers.creditLimit')} value={money(credit.data.creditLimitCents)} />
          <Field label={t('customers.balance')} value={money(credit.data.balanceCents)} />
          <Field label={t('customers.pendingCredit')} value={money(credit.data.pendingCreditCents)} />
          <Field label={t('customers.availableCredit')} value={money(credit.data.availableCreditCents)} />
          <Anchor component={Link} to={`/receivables/customers/${customerId}`} size="sm">
            {t('customers.statement')}
          </Anchor>
        </Stack>
      )}
    </Card>
  );
}

function CustomerOrders({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useCurrency();
  const orders = useKeysetList({
    queryKey: ['orders', 'list', { customerId }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/orders', {
          params: { query: { limit: 20, customerId, ...cursor } },
          signal,
        }),
      ),
    keepPrevious: false,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('customers.orders')}</Title>
        <Anchor component={Link} to={`/orders?customerId=${customerId}`} size="sm">
          {t('customers.allOrders')}
        </Anchor>
      </Group>
      <QueryTable
        list={orders}
        empty={t('customers.noOrders')}
        minWidth={520}
        columns={[
          t('customers.orderNumber'),
          t('customers.orderDate'),
          t('customers.orderStatus'),
          { label: t('customers.orderTotal'), ta: 'right' },
        ]}
        striped
      >
        {(o) => (
          <Table.Tr key={o.id}>
            <Table.Td>
              <Anchor component={Link} to={`/orders/${o.id}`}>
                {o.number}
              </Anchor>
            </Table.Td>
            <Table.Td>{format.dateTime(o.createdAt)}</Table.Td>
            <Table.Td>
              <Badge variant="light">{t(`customers.orderStatuses.${o.status}`)}</Badge>
            </Table.Td>
            <Table.Td ta="right">{currency ? format.money(o.totalCents, currency) : null}</Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}

function ActiveToggle({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () =>
      unwrap(
        bodega.api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: { active: !customer.active, version: customer.version },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['customers'] }),
  });
  return (
    <>
      <Button variant="default" loading={toggle.isPending} onClick={() => toggle.mutate()}>
        {customer.active ? t('customers.deactivate') : t('customers.reactivate')}
      </Button>
      {toggle.isError && (
        <Text c="red" size="sm" role="alert">
          {errorText(t, toggle.error)}
        </Text>
      )}
    </>
  );
}

function DeleteCustomer({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        bodega.api.DELETE('/api/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setOpened(false);
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpened(true)}>
        {t('customers.delete')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('customers.deleteTitle', { name: customer.name })}
      >
        <Stack>
          <Textarea
            label={t('customers.deleteReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {remove.isError && (
            <Alert color="red" role="alert">
              {errorText(t, remove.error)}
            </Alert>
          )}
          <Group justify="end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('customers.cancel')}
            </Button>
            <Button
              color="red"
              disabled={reason.trim() === ''}
              loading={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t('customers.confirmDelete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
