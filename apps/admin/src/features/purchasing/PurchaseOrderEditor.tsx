import { ErrorAlert, fieldErrors, PageLoader, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import {
  createPurchaseOrderBody,
  updatePurchaseOrderBody,
  type CreatePurchaseOrderBody,
  type PurchaseOrder,
  type UpdatePurchaseOrderBody,
} from '@bodega/contract';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { RemoteSearchSelect, type RemoteOption } from '../../components/RemoteSearchSelect';
import { bodega } from '../../lib/bodega';
import { locationsQuery, purchaseOrderQuery, searchProducts, searchSuppliers } from './queries';

type Line = { key: number; product: RemoteOption | null; quantity: number | string; unitCost: number | string };

export function NewPurchaseOrderPage() {
  return <PurchaseOrderEditor />;
}

export function EditPurchaseOrderPage() {
  const { t } = useTranslation();
  const id = Number(useParams()['id']);
  const po = useQuery(purchaseOrderQuery(id));
  if (po.isPending) return <PageLoader />;
  if (po.isError) return <ErrorAlert error={po.error} />;
  if (po.data.status !== 'draft') {
    // Sent (or further): the API would answer purchase_order_not_editable; say so before any typing.
    return (
      <Stack maw={720}>
        <Alert color="orange" role="alert">
          {t('errors.purchase_order_not_editable')}
        </Alert>
        <Group>
          <Button variant="default" component={Link} to={`/purchase-orders/${po.data.id}`}>
            {t('purchasing.back')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return <PurchaseOrderEditor key={po.data.version} initial={po.data} />;
}

/** A draft purchase order: supplier (fixed once created), where it is received, lines of product, quantity, unit cost. */
function PurchaseOrderEditor({ initial }: { initial?: PurchaseOrder }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const nextKey = useRef(1);
  const newLine = (l?: Partial<Line>): Line => ({
    key: nextKey.current++,
    product: null,
    quantity: 1,
    unitCost: '',
    ...l,
  });
  const locations = useQuery(locationsQuery);
  const [supplier, setSupplier] = useState<RemoteOption | null>(
    initial ? { value: initial.supplierId, label: initial.supplierName } : null,
  );
  const [locationId, setLocationId] = useState<string | null>(initial ? String(initial.locationId) : null);
  const [expectedDate, setExpectedDate] = useState(initial?.expectedDate ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [lines, setLines] = useState<Line[]>(() =>
    initial
      ? initial.lines.map((l) =>
          newLine({
            product: { value: l.productId, label: `${l.sku} · ${l.name}` },
            quantity: l.quantity,
            unitCost: l.unitCostCents / 100,
          }),
        )
      : [newLine()],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: CreatePurchaseOrderBody | UpdatePurchaseOrderBody) =>
      initial
        ? unwrap(
            bodega.api.PATCH('/api/v1/purchase-orders/{id}', {
              params: { path: { id: initial.id } },
              body: body as UpdatePurchaseOrderBody,
            }),
          )
        : unwrap(bodega.api.POST('/api/v1/purchase-orders', { body: body as CreatePurchaseOrderBody })),
    onSuccess: async (po) => {
      await queryClient.invalidateQueries({ queryKey: ['purchase-orders'] });
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
      notifications.show({ color: 'teal', message: t('purchasing.savedDraft', { number: po.number }) });
      await navigate(`/purchase-orders/${po.id}`);
    },
  });

  const update = (key: number, patch: Partial<Line>) =>
    setLines((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const bodyLines = lines.map((l) => ({
      productId: l.product?.value ?? 0,
      quantity: Number(l.quantity),
      ...(l.unitCost === '' ? {} : { unitCostCents: Math.round(Number(l.unitCost) * 100) }),
    }));
    const common = {
      ...(locationId ? { locationId: Number(locationId) } : {}),
      notes: notes.trim() === '' ? null : notes.trim(),
      lines: bodyLines,
    };
    const body = initial
      ? { ...common, expectedDate: expectedDate || null, version: initial.version }
      : { ...common, supplierId: supplier?.value ?? 0, ...(expectedDate ? { expectedDate } : {}) };
    const checked = (initial ? updatePurchaseOrderBody : createPurchaseOrderBody).safeParse(body);
    if (!checked.success) {
      setErrors(zodErrors(t, checked.error.issues));
      return;
    }
    setErrors({});
    save.mutate(body);
  };
  const server = fieldErrors(t, save.error);
  const err = (field: string) => errors[field] ?? server[field];

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={1000}>
        <Title order={2}>{initial ? t('purchasing.editTitle', { number: initial.number }) : t('purchasing.new')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <RemoteSearchSelect
            label={t('purchasing.supplier')}
            required
            disabled={!!initial}
            queryKey={['suppliers', 'picker']}
            search={searchSuppliers}
            value={supplier?.value ?? null}
            selected={supplier}
            onChange={setSupplier}
            nothingFoundMessage={t('purchasing.noSupplier')}
            error={err('supplierId')}
          />
          <Select
            label={t('purchasing.location')}
            placeholder={t('purchasing.defaultLocation')}
            clearable
            data={(locations.data?.items ?? []).map((l) => ({ value: String(l.id), label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            error={err('locationId')}
          />
          <TextInput
            type="date"
            label={t('purchasing.expectedDate')}
            description={initial ? undefined : t('purchasing.expectedHint')}
            value={expectedDate}
            onChange={(e) => setExpectedDate(e.currentTarget.value)}
            error={err('expectedDate')}
          />
        </SimpleGrid>
        <Textarea
          label={t('purchasing.notes')}
          autosize
          minRows={2}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        <Title order={3}>{t('purchasing.lines')}</Title>
        <Table.ScrollContainer minWidth={720}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('purchasing.product')}</Table.Th>
                <Table.Th w={140}>{t('purchasing.quantity')}</Table.Th>
                <Table.Th w={180}>{t('purchasing.unitCost')}</Table.Th>
                <Table.Th w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l, i) => (
                <Table.Tr key={l.key} data-testid="po-line">
                  <Table.Td>
                    <RemoteSearchSelect
                      aria-label={t('purchasing.productOfLine', { n: i + 1 })}
                      queryKey={['products', 'picker']}
                      search={searchProducts}
                      value={l.product?.value ?? null}
                      selected={l.product}
                      onChange={(product) => update(l.key, { product })}
                      nothingFoundMessage={t('purchasing.noProduct')}
                      error={err(`lines.${i}.productId`) ?? err(`lines.${i}`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('purchasing.quantityOfLine', { n: i + 1 })}
                      min={1}
                      allowDecimal={false}
                      value={l.quantity}
                      onChange={(quantity) => update(l.key, { quantity })}
                      error={err(`lines.${i}.quantity`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('purchasing.unitCostOfLine', { n: i + 1 })}
                      placeholder={t('purchasing.unitCostHint')}
                      min={0}
                      decimalScale={2}
                      value={l.unitCost}
                      onChange={(unitCost) => update(l.key, { unitCost })}
                      error={err(`lines.${i}.unitCostCents`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('purchasing.removeLine', { n: i + 1 })}
                      disabled={lines.length === 1}
                      onClick={() => setLines((all) => all.filter((x) => x.key !== l.key))}
                    >
                      {t('purchasing.removeSymbol')}
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {err('lines') ? (
          <Alert color="red" role="alert">
            {t('purchasing.linesInvalid')}
          </Alert>
        ) : null}
        <Group>
          <Button variant="default" onClick={() => setLines((all) => [...all, newLine()])}>
            {t('purchasing.addLine')}
          </Button>
        </Group>
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {initial ? t('purchasing.saveDraft') : t('purchasing.createDraft')}
          </Button>
          <Button
            variant="subtle"
            onClick={() => void navigate(initial ? `/purchase-orders/${initial.id}` : '/purchase-orders')}
          >
            {t('purchasing.back')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
