import { Empty, ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { ifMatch, unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import {
  ActionIcon,
  Badge,
  CloseIcon,
  Button,
  Card,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Dropzone, IMAGE_MIME_TYPE } from '@mantine/dropzone';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { useStaffUser } from '../../lib/session';
import { categoriesQuery, categoryPaths, locationsQuery, productQuery, stockOfProductQuery, type Product } from './api';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export function ProductDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const product = useQuery(productQuery(id));
  if (product.isPending) return <PageLoader />;
  if (product.isError) return <ErrorAlert error={product.error} />;
  return (
    <Stack>
      <Title order={2}>{product.data.name}</Title>
      <Details product={product.data} />
      <Images product={product.data} />
      <Title order={3}>{t('products.detail.stock')}</Title>
      <StockByLocation productId={product.data.id} />
    </Stack>
  );
}

function Details({ product: p }: { product: Product }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'catalog.write');
  const queryClient = useQueryClient();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const categories = useQuery(categoriesQuery);
  const paths = useMemo(() => categoryPaths(categories.data?.items ?? []), [categories.data]);
  const money = (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));

  const setActive = useMutation({
    mutationFn: (active: boolean) => {
      const options = { params: { path: { id: p.id }, header: { 'if-match': ifMatch(p.version) } } };
      return active
        ? unwrap(bodega.api.PATCH('/api/v1/products/{id}', { ...options, body: { active: true } }))
        : unwrap(bodega.api.DELETE('/api/v1/products/{id}', options));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['products'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorText(t, err) }),
  });
  const archive = () =>
    modals.openConfirmModal({
      title: t('products.detail.archiveTitle'),
      children: <Text size="sm">{t('products.detail.archiveText', { name: p.name })}</Text>,
      labels: { confirm: t('products.detail.archive'), cancel: t('products.form.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => setActive.mutate(false),
    });

  const rows: [string, string][] = [
    [t('products.sku'), p.sku],
    [t('products.barcode'), p.barcode ?? '—'],
    [t('products.category'), p.categoryId ? (paths.get(p.categoryId) ?? '') : '—'],
    [t('products.unit'), p.unit],
    [t('products.price'), money(p.priceCents)],
    [t('products.cost'), money(p.costCents)],
    [t('products.taxRate'), format.number(p.taxRateBp / 100)],
    [t('products.reorderPoint'), format.number(p.reorderPoint)],
    [t('products.reorderQuantity'), format.number(p.reorderQuantity)],
  ];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Badge color={p.active ? 'teal' : 'gray'}>{p.active ? t('products.active') : t('products.archived')}</Badge>
        {canWrite && (
          <Group gap="xs">
            <Button component={Link} to={`/products/${p.id}/edit`} variant="default">
              {t('products.detail.edit')}
            </Button>
            {p.active ? (
              <Button color="red" variant="light" loading={setActive.isPending} onClick={archive}>
                {t('products.detail.archive')}
              </Button>
            ) : (
              <Button variant="light" loading={setActive.isPending} onClick={() => setActive.mutate(true)}>
                {t('products.detail.unarchive')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {p.description && <Text mb="sm">{p.description}</Text>}
      <Table>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={200}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Images({ product: p }: { product: Product }) {
  const { t } = useTranslation();
  const user = useStaffUser();
  const canWrite = !!user && can(user.role, 'catalog.write');
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['products'] });
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      for (const file of files) {
        const body = new FormData();
        body.append('file', file);
        await unwrap(
          bodega.api.POST('/api/v1/products/{id}/images', {
            params: { path: { id: p.id } },
            body: body as never,
            bodySerializer: (b) => b as unknown as FormData,
          }),
        );
      }
    },
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: (imageId: number) =>
      unwrap(bodega.api.DELETE('/api/v1/products/{id}/images/{imageId}', { params: { path: { id: p.id, imageId } } })),
    onSuccess: invalidate,
    onError: (err) => notifications.show({ color: 'red', message: errorText(t, err) }),
  });

  return (
    <Stack>
      <Title order={3}>{t('products.detail.images')}</Title>
      {upload.isError && <ErrorAlert error={upload.error} />}
      {p.images.length === 0 ? (
        <Empty>{t('products.detail.noImages')}</Empty>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {p.images.map((image) => (
            <Card key={image.id} withBorder p="xs">
              <Image src={image.thumbnailUrl} alt={p.name} h={140} fit="contain" data-testid="product-image" />
              {canWrite && (
                <Group justify="flex-end" mt="xs">
                  <ActionIcon
                    color="red"
                    variant="subtle"
                    aria-label={t('products.detail.removeImage')}
                    loading={remove.isPending && remove.variables === image.id}
                    onClick={() => remove.mutate(image.id)}
                  >
                    <CloseIcon size="16px" aria-hidden />
                  </ActionIcon>
                </Group>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
      {canWrite && (
        <Dropzone
          onDrop={(files) => upload.mutate(files)}
          onReject={() => notifications.show({ color: 'red', message: t('products.detail.imageRejected') })}
          accept={IMAGE_MIME_TYPE}
          maxSize={MAX_IMAGE_BYTES}
          loading={upload.isPending}
          aria-label={t('products.detail.dropImages')}
        >
          <Text ta="center" py="md">
            {t('products.detail.dropImages')}
          </Text>
        </Dropzone>
      )}
    </Stack>
  );
}

function StockByLocation({ productId }: { productId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const levels = useQuery(stockOfProductQuery(productId));
  const locations = useQuery(locationsQuery);
  if (levels.isPending) return <PageLoader />;
  if (levels.isError) return <ErrorAlert error={levels.error} />;
  if (levels.data.items.length === 0) return <Empty>{t('products.detail.noStock')}</Empty>;
  const names = new Map((locations.data?.items ?? []).map((l) => [l.id, l.name]));
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid="stock-by-location">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('products.detail.location')}</Table.Th>
            <Table.Th ta="right">{t('products.onHand')}</Table.Th>
            <Table.Th ta="right">{t('products.detail.reserved')}</Table.Th>
            <Table.Th ta="right">{t('products.detail.available')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {levels.data.items.map((l) => (
            <Table.Tr key={l.locationId}>
              <Table.Td>{names.get(l.locationId) ?? `#${l.locationId}`}</Table.Td>
              <Table.Td ta="right">{format.number(l.onHand)}</Table.Td>
              <Table.Td ta="right">{format.number(l.reserved)}</Table.Td>
              <Table.Td ta="right">{format.number(l.available)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
