import { ErrorAlert, errorText, fieldErrors, PageLoader, zodErrors } from '@bodega/app-kit';
import { ifMatch, isApiError, unwrap } from '@bodega/client';
import { createProductBody } from '@bodega/contract';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { categoriesQuery, categoryPaths, productQuery, type Product } from './api';

type Values = {
  sku: string;
  barcode: string;
  name: string;
  description: string;
  categoryId: string | null;
  unit: string;
  priceCents: number | string;
  costCents: number | string;
  taxRateBp: number | string;
  reorderPoint: number | string;
  reorderQuantity: number | string;
};

const cents = (v: number | string) => Math.round(Number(v) * 100);
const whole = (v: number | string) => (v === '' ? undefined : Number(v));

/** The form in the shop's units (money with decimals, tax in %) as the API's body (cents, basis points). */
function toBody(v: Values) {
  return {
    sku: v.sku,
    barcode: v.barcode.trim() || null,
    name: v.name,
    description: v.description.trim() || null,
    categoryId: v.categoryId ? Number(v.categoryId) : null,
    unit: v.unit.trim() || 'unit',
    priceCents: v.priceCents === '' ? Number.NaN : cents(v.priceCents),
    costCents: v.costCents === '' ? undefined : cents(v.costCents),
    taxRateBp: v.taxRateBp === '' ? undefined : cents(v.taxRateBp),
    reorderPoint: whole(v.reorderPoint),
    reorderQuantity: whole(v.reorderQuantity),
  };
}

function initialValues(p?: Product): Values {
  return {
    sku: p?.sku ?? '',
    barcode: p?.barcode ?? '',
    name: p?.name ?? '',
    description: p?.description ?? '',
    categoryId: p?.categoryId ? String(p.categoryId) : null,
    unit: p?.unit ?? 'unit',
    priceCents: p ? p.priceCents / 100 : '',
    costCents: p ? p.costCents / 100 : '',
    taxRateBp: p ? p.taxRateBp / 100 : 0,
    reorderPoint: p?.reorderPoint ?? 0,
    reorderQuantity: p?.reorderQuantity ?? 0,
  };
}

export function ProductFormPage() {
  const { id } = useParams();
  const productId = id ? Number(id) : undefined;
  const product = useQuery({ ...productQuery(productId ?? 0), enabled: productId !== undefined });
  if (productId !== undefined) {
    if (product.isPending) return <PageLoader />;
    if (product.isError) return <ErrorAlert error={product.error} />;
  }
  return <ProductForm key={product.data?.version ?? 'new'} product={product.data} />;
}

function ProductForm({ product }: { product?: Product }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const paths = useMemo(() => categoryPaths(categories.data?.items ?? []), [categories.data]);
  const form = useForm<Values>({
    initialValues: initialValues(product),
    validate: (values) => {
      const parsed = createProductBody.safeParse(toBody(values));
      return parsed.success ? {} : zodErrors(t, parsed.error.issues);
    },
  });

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = toBody(values);
      return product
        ? unwrap(
            bodega.api.PATCH('/api/v1/products/{id}', {
              params: { path: { id: product.id }, header: { 'if-match': ifMatch(product.version) } },
              body,
            }),
          )
        : unwrap(bodega.api.POST('/api/v1/products', { body }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      await queryClient.invalidateQueries({ queryKey: ['categories'] });
      await navigate(`/products/${saved.id}`);
    },
    onError: (err) => {
      if (isApiError(err, 'sku_taken')) form.setFieldError('sku', errorText(t, err));
      else if (isApiError(err, 'barcode_taken')) form.setFieldError('barcode', errorText(t, err));
      else form.setErrors(fieldErrors(t, err));
    },
  });
  const fieldError =
    isApiError(save.error) && ['sku_taken', 'barcode_taken', 'validation_failed'].includes(save.error.code);

  return (
    <Stack maw={760}>
      <Title order={2}>
        {product ? t('products.form.editTitle', { name: product.name }) : t('products.form.newTitle')}
      </Title>
      {save.isError && !fieldError && <ErrorAlert error={save.error} />}
      {save.isError && fieldError && (
        <Alert color="red" role="alert">
          {t('products.form.fixErrors')}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('products.sku')} required {...form.getInputProps('sku')} />
            <TextInput label={t('products.barcode')} {...form.getInputProps('barcode')} />
          </SimpleGrid>
          <TextInput label={t('products.name')} required {...form.getInputProps('name')} />
          <Textarea label={t('products.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('products.category')}
              clearable
              searchable
              data={[...paths].map(([value, label]) => ({ value: String(value), label }))}
              {...form.getInputProps('categoryId')}
            />
            <TextInput label={t('products.unit')} {...form.getInputProps('unit')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('products.price')}
              required
              min={0}
              decimalScale={2}
              {...form.getInputProps('priceCents')}
            />
            <NumberInput label={t('products.cost')} min={0} decimalScale={2} {...form.getInputProps('costCents')} />
            <NumberInput
              label={t('products.taxRate')}
              min={0}
              max={100}
              decimalScale={2}
              {...form.getInputProps('taxRateBp')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('products.reorderPoint')}
              min={0}
              allowDecimal={false}
              {...form.getInputProps('reorderPoint')}
            />
            <NumberInput
              label={t('products.reorderQuantity')}
              min={0}
              allowDecimal={false}
              {...form.getInputProps('reorderQuantity')}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('products.form.save')}
            </Button>
            <Button variant="default" onClick={() => void navigate(product ? `/products/${product.id}` : '/products')}>
              {t('products.form.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
