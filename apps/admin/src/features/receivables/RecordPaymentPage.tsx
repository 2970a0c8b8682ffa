import { Empty, ErrorAlert, fieldErrors, PageLoader, useFormat, zodErrors } from '@bodega/app-kit';
import { idempotencyKey, unwrap } from '@bodega/client';
import { recordPaymentBody, type RecordPaymentBody } from '@bodega/contract';
import { allocatePayment, PAYMENT_METHODS, type AllocationResult } from '@bodega/domain';
import {
  Alert,
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { openDebtsQuery, PAYMENT_ROOTS, type Debt } from './api';
import { centsText, CustomerPicker, parseCents, useMoney } from './parts';

type Method = (typeof PAYMENT_METHODS)[number];
type Mode = 'oldest' | 'manual';

/** The domain's allocation rule over the customer's open debts (never a copy of it here). */
function preview(cents: number | null, debts: readonly Debt[], mode: Mode, manual: Record<number, string>) {
  if (!cents || cents <= 0) return null;
  const open = debts.map((d) => ({ id: d.id, balance: d.balanceCents, dueDate: d.dueDate }));
  if (mode === 'oldest') return allocatePayment(cents, open);
  const explicit = debts
    .map((d) => ({ debtId: d.id, amount: parseCents(manual[d.id] ?? '') ?? 0 }))
    .filter((a) => a.amount > 0);
  return allocatePayment(cents, open, explicit);
}

export function RecordPaymentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<Method>('cash');
  const [reference, setReference] = useState('');
  const [receivedAt, setReceivedAt] = useState('');
  const [mode, setMode] = useState<Mode>('oldest');
  const [manual, setManual] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // One key per intent: a retry of this form's submit can never record the payment twice.
  const [key, setKey] = useState(idempotencyKey);

  const debts = useQuery({ ...openDebtsQuery(Number(customerId)), enabled: customerId !== null });
  const cents = parseCents(amount);
  const plan: AllocationResult | null = debts.data ? preview(cents, debts.data, mode, manual) : null;
  const owed = (debts.data ?? []).reduce((s, d) => s + d.balanceCents, 0);
  const applied = new Map(plan?.ok ? plan.allocations.map((a) => [a.debtId, a.amount]) : []);

  const record = useMutation({
    mutationFn: ({ body, key }: { body: RecordPaymentBody; key: string }) =>
      unwrap(bodega.api.POST('/api/v1/payments', { body, params: { header: { 'idempotency-key': key } } })),
    onSuccess: async (payment) => {
      setKey(idempotencyKey());
      await Promise.all(PAYMENT_ROOTS.map((root) => queryClient.invalidateQueries({ queryKey: [root] })));
      await navigate(`/receivables/payments/${payment.id}`);
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  const submit = () => {
    const parsed = recordPaymentBody.safeParse({
      customerId: customerId ? Number(customerId) : undefined,
      amountCents: cents ?? Number.NaN,
      method,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(receivedAt ? { receivedAt } : {}),
      ...(mode === 'manual' && plan?.ok
        ? { allocations: plan.allocations.map((a) => ({ debtId: a.debtId, amountCents: a.amount })) }
        : {}),
    });
    if (!parsed.success) {
      setErrors(zodErrors(t, parsed.error.issues));
      return;
    }
    if (plan && !plan.ok) return;
    setErrors({});
    record.mutate({ body: parsed.data, key });
  };

  const chooseCustomer = (id: string | null) => {
    setManual({});
    setParams(
      (p) => {
        if (id) p.set('customerId', id);
        else p.delete('customerId');
        return p;
      },
      { replace: true },
    );
  };

  return (
    <Stack maw={900}>
      <Title order={2}>{t('receivables.recordPayment')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Group align="start" grow>
            <CustomerPicker
              label={t('receivables.customer')}
              value={customerId}
              onChange={chooseCustomer}
              error={errors['customerId']}
              clearable={false}
            />
            <TextInput
              label={t('receivables.amount')}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors['amountCents']}
              description={debts.data ? t('receivables.owed', { amount: money(owed) }) : undefined}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              required
            />
          </Group>
          <Group align="start" grow>
            <Select
              label={t('receivables.method')}
              data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`receivables.methods.${m}`) }))}
              value={method}
              onChange={(v) => v && setMethod(v as Method)}
              allowDeselect={false}
            />
            <TextInput
              label={t('receivables.reference')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors['reference']}
            />
            <TextInput
              type="date"
              label={t('receivables.receivedAt')}
              description={t('receivables.todayWhenEmpty')}
              value={receivedAt}
              onChange={(e) => setReceivedAt(e.currentTarget.value)}
              error={errors['receivedAt']}
            />
          </Group>

          {customerId !== null && (
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={3}>{t('receivables.preview.title')}</Title>
                <SegmentedControl
                  aria-label={t('receivables.preview.mode')}
                  value={mode}
                  onChange={(v) => setMode(v as Mode)}
                  data={[
                    { value: 'oldest', label: t('receivables.preview.oldest') },
                    { value: 'manual', label: t('receivables.preview.manual') },
                  ]}
                />
              </Group>
              {debts.isPending ? (
                <PageLoader />
              ) : debts.isError ? (
                <ErrorAlert error={debts.error} />
              ) : debts.data.length === 0 ? (
                <Empty>{t('receivables.preview.nothingOwed')}</Empty>
              ) : (
                <Table.ScrollContainer minWidth={640}>
                  <Table striped data-testid="allocation-preview">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('receivables.debt')}</Table.Th>
                        <Table.Th>{t('receivables.origin')}</Table.Th>
                        <Table.Th>{t('receivables.dueDate')}</Table.Th>
                        <Table.Th ta="right">{t('receivables.outstanding')}</Table.Th>
                        <Table.Th ta="right">{t('receivables.preview.applied')}</Table.Th>
                        <Table.Th ta="right">{t('receivables.preview.left')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {debts.data.map((d) => {
                        const take = applied.get(d.id) ?? 0;
                        return (
                          <Table.Tr key={d.id} data-testid={`preview-${d.id}`}>
                            <Table.Td>
                              <Anchor component={Link} to={`/receivables/debts/${d.id}`}>
                                {t('receivables.debtNumber', { id: d.id })}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>{d.orderNumber ?? t('receivables.manual')}</Table.Td>
                            <Table.Td>
                              <Text c={d.overdue ? 'red' : undefined} span size="sm">
                                {format.date(d.dueDate)}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right">{money(d.balanceCents)}</Table.Td>
                            <Table.Td ta="right">
                              {mode === 'manual' ? (
                                <TextInput
                                  size="xs"
                                  inputMode="decimal"
                                  aria-label={t('receivables.preview.applyTo', { id: d.id })}
                                  placeholder={centsText(0)}
                                  value={manual[d.id] ?? ''}
                                  onChange={(e) => {
                                    const v = e.currentTarget.value;
                                    setManual((m) => ({ ...m, [d.id]: v }));
                                  }}
                                  w={110}
                                  ml="auto"
                                />
                              ) : (
                                money(take)
                              )}
                            </Table.Td>
                            <Table.Td ta="right">{money(d.balanceCents - take)}</Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              {plan && !plan.ok && (
                <Alert color="red" role="alert" data-testid="preview-refusal">
                  {plan.reason === 'overpayment'
                    ? t('errors.overpayment')
                    : t(`receivables.preview.refusal.${plan.reason}`, { id: plan.debtId })}
                </Alert>
              )}
            </Stack>
          )}

          {record.isError && <ErrorAlert error={record.error} />}
          <Group>
            <Button type="submit" loading={record.isPending} disabled={!!plan && !plan.ok}>
              {t('receivables.savePayment')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
