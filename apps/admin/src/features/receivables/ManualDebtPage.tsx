import { ErrorAlert, fieldErrors, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { manualDebtBody, type ManualDebtBody } from '@bodega/contract';
import { Button, Group, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { CustomerPicker, parseCents } from './parts';

/** An admin's manual debt: an opening balance or a fee, with a note. */
export function ManualDebtPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [customerId, setCustomerId] = useState<string | null>(params.get('customerId'));
  const [amount, setAmount] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const create = useMutation({
    mutationFn: (body: ManualDebtBody) => unwrap(bodega.api.POST('/api/v1/debts', { body })),
    onSuccess: async (debt) => {
      await queryClient.invalidateQueries({ queryKey: ['debts'] });
      void queryClient.invalidateQueries({ queryKey: ['receivables'] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      await navigate(`/receivables/debts/${debt.id}`);
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  const submit = () => {
    const cents = parseCents(amount);
    const parsed = manualDebtBody.safeParse({
      customerId: customerId ? Number(customerId) : undefined,
      amountCents: cents ?? Number.NaN,
      ...(dueDate ? { dueDate } : {}),
      note,
    });
    if (!parsed.success) {
      setErrors(zodErrors(t, parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  return (
    <Stack maw={520}>
      <Title order={2}>{t('receivables.debts.newManual')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <CustomerPicker
            label={t('receivables.customer')}
            value={customerId}
            onChange={setCustomerId}
            error={errors['customerId']}
          />
          <TextInput
            label={t('receivables.amount')}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors['amountCents']}
            required
          />
          <TextInput
            type="date"
            label={t('receivables.dueDate')}
            description={t('receivables.todayWhenEmpty')}
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            error={errors['dueDate']}
          />
          <Textarea
            label={t('receivables.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors['note']}
            required
          />
          {create.isError && <ErrorAlert error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('receivables.debts.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
