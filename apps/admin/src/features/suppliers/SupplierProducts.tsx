import { ErrorAlert, useFormat, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { saveSupplierProductBody, type SupplierProduct } from '@bodega/contract';
import { Badge, Button, Checkbox, Group, Modal, NumberInput, Stack, Table, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { RemoteSearchSelect, type RemoteOption } from '../../components/RemoteSearchSelect';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { supplierProductsKey } from './queries';

const PAGE = 50;

async function searchProducts(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await unwrap(
    bodega.api.GET('/api/v1/products', { params: { query: { limit: 20, ...(q ? { q } : {}) } }, signal }),
  );
  return page.items.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }));
}

/** The products a supplier sells: its SKU for them, the last cost, the minimum order, preferred or not. */
export function SupplierProducts({ supplierId, manage }: { supplierId: number; manage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<SupplierProduct | 'new' | null>(null);

  const products = useKeysetList({
    queryKey: supplierProductsKey(supplierId),
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/suppliers/{id}/products', {
          params: { path: { id: supplierId }, query: { limit: PAGE, ...cursor } },
          signal,
        }),
      ),
    keepPrevious: false,
  });
  const remove = useMutation({
    mutationFn: (productId: number) =>
      unwrap(
        bodega.api.DELETE('/api/v1/suppliers/{id}/products/{productId}', {
          params: { path: { id: supplierId, productId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['suppliers'] }),
  });
  const money = (cents: number | null) =>
    cents === null ? '' : currency ? format.money(cents, currency) : format.number(cents / 100);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('suppliers.products.title')}</Title>
        {manage && <Button onClick={() => setEditing('new')}>{t('suppliers.products.add')}</Button>}
      </Group>
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
      <QueryTable
        list={products}
        empty={t('suppliers.products.empty')}
        minWidth={640}
        columns={[
          t('suppliers.products.sku'),
          t('suppliers.products.name'),
          t('suppliers.products.supplierSku'),
          { label: t('suppliers.products.lastCost'), ta: 'right' },
          { label: t('suppliers.products.minOrderQuantity'), ta: 'right' },
          t('suppliers.products.preferred'),
          manage && t('suppliers.products.actions'),
        ]}
        striped
      >
        {(p) => (
          <Table.Tr key={p.productId}>
            <Table.Td>{p.sku}</Table.Td>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{p.supplierSku}</Table.Td>
            <Table.Td ta="right">{money(p.lastCostCents)}</Table.Td>
            <Table.Td ta="right">{format.number(p.minOrderQuantity)}</Table.Td>
            <Table.Td>
              {p.preferred && (
                <Badge color="blue" variant="light">
                  {t('suppliers.products.preferredBadge')}
                </Badge>
              )}
            </Table.Td>
            {manage && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing(p)}>
                    {t('suppliers.products.edit')}
                  </Button>
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    onClick={() =>
                      modals.openConfirmModal({
                        title: t('suppliers.products.removeTitle', { name: p.name }),
                        labels: { confirm: t('suppliers.products.remove'), cancel: t('suppliers.cancel') },
                        confirmProps: { color: 'red' },
                        onConfirm: () => remove.mutate(p.productId),
                      })
                    }
                  >
                    {t('suppliers.products.remove')}
                  </Button>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      </QueryTable>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('suppliers.products.add') : t('suppliers.products.edit')}
      >
        {editing !== null && (
          <SupplierProductForm
            supplierId={supplierId}
            existing={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function SupplierProductForm({
  supplierId,
  existing,
  onDone,
}: {
  supplierId: number;
  existing: SupplierProduct | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [product, setProduct] = useState<RemoteOption | null>(
    existing ? { value: existing.productId, label: `${existing.sku} · ${existing.name}` } : null,
  );
  const [supplierSku, setSupplierSku] = useState(existing?.supplierSku ?? '');
  const [cost, setCost] = useState<number | string>(
    existing?.lastCostCents == null ? '' : existing.lastCostCents / 100,
  );
  const [minQty, setMinQty] = useState<number | string>(existing?.minOrderQuantity ?? 1);
  const [preferred, setPreferred] = useState(existing?.preferred ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: ({ productId, body }: { productId: number; body: Record<string, unknown> }) =>
      unwrap(
        bodega.api.PUT('/api/v1/suppliers/{id}/products/{productId}', {
          params: { path: { id: supplierId, productId } },
          body,
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['suppliers'] });
      onDone();
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!product) {
      setErrors({ product: t('validation.required') });
      return;
    }
    const body = {
      supplierSku: supplierSku.trim() === '' ? null : supplierSku.trim(),
      lastCostCents: cost === '' ? null : Math.round(Number(cost) * 100),
      minOrderQuantity: Number(minQty),
      preferred,
    };
    const checked = saveSupplierProductBody.safeParse(body);
    if (!checked.success) {
      setErrors(zodErrors(t, checked.error.issues));
      return;
    }
    setErrors({});
    save.mutate({ productId: product.value, body });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <RemoteSearchSelect
          label={t('suppliers.products.product')}
          required
          disabled={existing !== null}
          queryKey={['products', 'picker']}
          search={searchProducts}
          value={product?.value ?? null}
          selected={product}
          onChange={setProduct}
          nothingFoundMessage={t('suppliers.products.noProduct')}
          error={errors['product']}
        />
        <TextInput
          label={t('suppliers.products.supplierSku')}
          value={supplierSku}
          onChange={(e) => setSupplierSku(e.currentTarget.value)}
          error={errors['supplierSku']}
        />
        <NumberInput
          label={t('suppliers.products.lastCost')}
          min={0}
          decimalScale={2}
          value={cost}
          onChange={setCost}
          error={errors['lastCostCents']}
        />
        <NumberInput
          label={t('suppliers.products.minOrderQuantity')}
          min={1}
          allowDecimal={false}
          value={minQty}
          onChange={setMinQty}
          error={errors['minOrderQuantity']}
        />
        <Checkbox
          label={t('suppliers.products.preferredLabel')}
          checked={preferred}
          onChange={(e) => setPreferred(e.currentTarget.checked)}
        />
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('suppliers.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
