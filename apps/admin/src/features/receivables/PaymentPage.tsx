import { ErrorAlert, fieldErrors, PageLoader, useFormat, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { voidPaymentBody } from '@bodega/contract';
import { can } from '@bodega/domain';
import { Alert, Anchor, Badge, Button, Group, Modal, SimpleGrid, Stack, Table, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import { PAYMENT_ROOTS, paymentQuery } from './api';
import { CustomerLink, Field, useMoney } from './parts';

function VoidPayment({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const voiding = useMutation({
    mutationFn: (body: { reason: string }) =>
      unwrap(bodega.api.POST('/api/v1/payments/{id}/void', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await Promise.all(PAYMENT_ROOTS.map((root) => queryClient.invalidateQueries({ queryKey: [root] })));
      onClose();
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = voidPaymentBody.safeParse({ reason });
        if (!parsed.success) return setErrors(zodErrors(t, parsed.error.issues));
        setErrors({});
        voiding.mutate(parsed.data);
      }}
    >
      <Stack>
        <Textarea
          label={t('receivables.voidReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors['reason']}
          required
          data-autofocus
        />
        {voiding.isError && <ErrorAlert error={voiding.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('receivables.cancel')}
          </Button>
          <Button type="submit" color="red" loading={voiding.isPending}>
            {t('receivables.confirmVoid')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PaymentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const user = useStaffUser();
  const id = Number(useParams().id);
  const payment = useQuery(paymentQuery(id));
  const [voiding, setVoiding] = useState(false);

  if (payment.isPending) return <PageLoader />;
  if (payment.isError) return <ErrorAlert error={payment.error} />;
  const p = payment.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('receivables.paymentNumber', { id: p.id })}</Title>
        <Group>
          <Button variant="default" component={Link} to={`/receivables/customers/${p.customerId}`}>
            {t('receivables.statement.title')}
          </Button>
          {user && can(user.role, 'receivables.manage') && p.status === 'recorded' && (
            <Button color="red" variant="light" onClick={() => setVoiding(true)}>
              {t('receivables.void')}
            </Button>
          )}
        </Group>
      </Group>
      {p.status === 'voided' && (
        <Alert color="gray" data-testid="voided">
          {t('receivables.voidedOn', {
            date: p.voidedAt ? format.dateTime(p.voidedAt) : '',
            reason: p.voidReason ?? '',
          })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label={t('receivables.customer')}>
          <CustomerLink id={p.customerId} />
        </Field>
        <Field label={t('receivables.amount')}>{money(p.amountCents)}</Field>
        <Field label={t('receivables.method')}>{t(`receivables.methods.${p.method}`)}</Field>
        <Field label={t('receivables.receivedAt')}>{format.date(p.receivedAt)}</Field>
        <Field label={t('receivables.reference')}>{p.reference ?? '—'}</Field>
        <Field label={t('receivables.status')}>
          <Badge color={p.status === 'voided' ? 'gray' : 'teal'} variant="light">
            {t(`receivables.paymentStatus.${p.status}`)}
          </Badge>
        </Field>
      </SimpleGrid>
      <Title order={3}>{t('receivables.allocations')}</Title>
      <Table.ScrollContainer minWidth={420}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('receivables.debt')}</Table.Th>
              <Table.Th>{t('receivables.origin')}</Table.Th>
              <Table.Th ta="right">{t('receivables.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.allocations.map((a) => (
              <Table.Tr key={a.debtId}>
                <Table.Td>
                  <Anchor component={Link} to={`/receivables/debts/${a.debtId}`}>
                    {t('receivables.debtNumber', { id: a.debtId })}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {a.orderId ? (
                    <Anchor component={Link} to={`/orders/${a.orderId}`}>
                      {t('receivables.orderNumber', { id: a.orderId })}
                    </Anchor>
                  ) : (
                    t('receivables.manual')
                  )}
                </Table.Td>
                <Table.Td ta="right">{money(a.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={voiding} onClose={() => setVoiding(false)} title={t('receivables.voidTitle')}>
        <VoidPayment id={p.id} onClose={() => setVoiding(false)} />
      </Modal>
    </Stack>
  );
}
