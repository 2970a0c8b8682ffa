import { ErrorAlert, errorText, fieldErrors, PageLoader, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { createCustomerBody, type Customer } from '@bodega/contract';
import { Alert, Button, Group, NumberInput, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { customerQuery } from './queries';

type Values = {
  code: string;
  name: string;
  email: string;
  phone: string;
  taxId: string;
  address: string;
  creditLimit: number | string;
  paymentTermsDays: number | string;
  notes: string;
};

const valuesOf = (c: Customer | undefined): Values => ({
  code: c?.code ?? '',
  name: c?.name ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
  taxId: c?.taxId ?? '',
  address: c?.address ?? '',
  creditLimit: c ? c.creditLimitCents / 100 : 0,
  paymentTermsDays: c?.paymentTermsDays ?? 0,
  notes: c?.notes ?? '',
});

/** Create (`/customers/new`) or edit (`/customers/:id/edit`) a customer. */
export function CustomerFormPage() {
  const { id } = useParams();
  const customerId = id ? Number(id) : null;
  const customer = useQuery({ ...customerQuery(customerId ?? 0), enabled: customerId !== null });
  if (customerId === null) return <CustomerForm />;
  if (customer.isPending) return <PageLoader />;
  if (customer.isError) return <ErrorAlert error={customer.error} />;
  return <CustomerForm customer={customer.data} />;
}

function CustomerForm({ customer }: { customer?: Customer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(customer));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof Values) => (value: string | number) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof Values) => ({
    value: values[key] as string,
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key)(e.currentTarget.value),
  });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      customer
        ? unwrap(
            bodega.api.PATCH('/api/v1/customers/{id}', {
              params: { path: { id: customer.id } },
              body: { ...body, version: customer.version },
            }),
          )
        : unwrap(bodega.api.POST('/api/v1/customers', { body: body as never })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await navigate(`/customers/${saved.id}`);
    },
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => (s.trim() === '' ? null : s);
    const body = {
      ...(customer || values.code.trim() === '' ? {} : { code: values.code }),
      name: values.name,
      email: blank(values.email),
      phone: blank(values.phone),
      taxId: blank(values.taxId),
      address: blank(values.address),
      creditLimitCents: Math.round(Number(values.creditLimit || 0) * 100),
      paymentTermsDays: Number(values.paymentTermsDays || 0),
      notes: blank(values.notes),
    };
    const parsed = createCustomerBody.safeParse(body);
    if (!parsed.success) {
      setErrors(zodErrors(t, parsed.error.issues));
      return;
    }
    setErrors({});
    save.mutate(body);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        <Title order={2}>{customer ? t('customers.editTitle', { name: customer.name }) : t('customers.new')}</Title>
        {!customer && <TextInput label={t('customers.code')} description={t('customers.codeHint')} {...text('code')} />}
        <TextInput label={t('customers.name')} required {...text('name')} />
        <Group grow>
          <TextInput label={t('customers.email')} type="email" {...text('email')} />
          <TextInput label={t('customers.phone')} {...text('phone')} />
        </Group>
        <TextInput label={t('customers.taxId')} {...text('taxId')} />
        <Textarea label={t('customers.address')} autosize minRows={2} {...text('address')} />
        <Group grow>
          <NumberInput
            label={t('customers.creditLimit')}
            description={t('customers.creditLimitHint')}
            min={0}
            decimalScale={2}
            value={values.creditLimit}
            onChange={set('creditLimit')}
            error={errors.creditLimitCents}
          />
          <NumberInput
            label={t('customers.paymentTermsDays')}
            min={0}
            max={365}
            allowDecimal={false}
            value={values.paymentTermsDays}
            onChange={set('paymentTermsDays')}
            error={errors.paymentTermsDays}
          />
        </Group>
        <Textarea label={t('customers.notes')} autosize minRows={2} {...text('notes')} />
        {save.isError && Object.keys(fieldErrors(t, save.error)).length === 0 && (
          <Alert color="red" role="alert">
            {errorText(t, save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('customers.save')}
          </Button>
          <Button
            variant="default"
            onClick={() => void navigate(customer ? `/customers/${customer.id}` : '/customers')}
          >
            {t('customers.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
