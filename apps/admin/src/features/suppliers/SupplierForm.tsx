import type { CreateSupplierBody, Supplier } from '@bodega/contract';
import { createSupplierBody } from '@bodega/contract';
import { ErrorAlert, fieldErrors, zodErrors } from '@bodega/app-kit';
import { Button, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';

export type SupplierValues = {
  code: string;
  name: string;
  contact: string;
  email: string;
  phone: string;
  taxId: string;
  address: string;
  paymentTermsDays: number | string;
  leadTimeDays: number | string;
  notes: string;
  active: boolean;
};

const TEXT_FIELDS = ['contact', 'email', 'phone', 'taxId', 'address', 'notes'] as const;

/** The form's values as the API's body: empty texts are null, the code only when typed. */
export function supplierBody(v: SupplierValues): CreateSupplierBody {
  const body: Record<string, unknown> = { name: v.name.trim(), active: v.active };
  if (v.code.trim()) body['code'] = v.code.trim();
  for (const f of TEXT_FIELDS) body[f] = v[f].trim() === '' ? null : v[f].trim();
  if (v.paymentTermsDays !== '') body['paymentTermsDays'] = Number(v.paymentTermsDays);
  if (v.leadTimeDays !== '') body['leadTimeDays'] = Number(v.leadTimeDays);
  return body as CreateSupplierBody;
}

export function supplierValues(s?: Supplier): SupplierValues {
  return {
    code: s?.code ?? '',
    name: s?.name ?? '',
    contact: s?.contact ?? '',
    email: s?.email ?? '',
    phone: s?.phone ?? '',
    taxId: s?.taxId ?? '',
    address: s?.address ?? '',
    paymentTermsDays: s?.paymentTermsDays ?? 0,
    leadTimeDays: s?.leadTimeDays ?? 7,
    notes: s?.notes ?? '',
    active: s?.active ?? true,
  };
}

type Props = {
  initial?: Supplier;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateSupplierBody) => void;
  readOnly?: boolean;
};

/** Create or edit a supplier; checked with the contract's schema before it is sent. */
export function SupplierForm({ initial, submitLabel, pending, error, onSubmit, readOnly }: Props) {
  const { t } = useTranslation();
  const form = useForm<SupplierValues>({ initialValues: supplierValues(initial) });
  const server = fieldErrors(t, error);
  const err = (field: keyof SupplierValues) => form.errors[field] ?? server[field];

  const submit = form.onSubmit((values) => {
    const body = supplierBody(values);
    const checked = createSupplierBody.safeParse(body);
    if (!checked.success) {
      form.setErrors(zodErrors(t, checked.error.issues));
      return;
    }
    onSubmit(body);
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('suppliers.name')}
            required
            disabled={readOnly}
            {...form.getInputProps('name')}
            error={err('name')}
          />
          <TextInput
            label={t('suppliers.code')}
            description={initial ? undefined : t('suppliers.codeHint')}
            disabled={readOnly}
            {...form.getInputProps('code')}
            error={err('code')}
          />
          <TextInput
            label={t('suppliers.contact')}
            disabled={readOnly}
            {...form.getInputProps('contact')}
            error={err('contact')}
          />
          <TextInput
            label={t('suppliers.email')}
            type="email"
            disabled={readOnly}
            {...form.getInputProps('email')}
            error={err('email')}
          />
          <TextInput
            label={t('suppliers.phone')}
            disabled={readOnly}
            {...form.getInputProps('phone')}
            error={err('phone')}
          />
          <TextInput
            label={t('suppliers.taxId')}
            disabled={readOnly}
            {...form.getInputProps('taxId')}
            error={err('taxId')}
          />
          <NumberInput
            label={t('suppliers.paymentTermsDays')}
            min={0}
            max={365}
            allowDecimal={false}
            disabled={readOnly}
            {...form.getInputProps('paymentTermsDays')}
            error={err('paymentTermsDays')}
          />
          <NumberInput
            label={t('suppliers.leadTimeDays')}
            min={0}
            max={365}
            allowDecimal={false}
            disabled={readOnly}
            {...form.getInputProps('leadTimeDays')}
            error={err('leadTimeDays')}
          />
        </SimpleGrid>
        <Textarea
          label={t('suppliers.address')}
          autosize
          minRows={2}
          disabled={readOnly}
          {...form.getInputProps('address')}
          error={err('address')}
        />
        <Textarea
          label={t('suppliers.notes')}
          autosize
          minRows={2}
          disabled={readOnly}
          {...form.getInputProps('notes')}
          error={err('notes')}
        />
        <Switch
          label={t('suppliers.active')}
          disabled={readOnly}
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        {error ? <ErrorAlert error={error} /> : null}
        {!readOnly && (
          <Group>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
