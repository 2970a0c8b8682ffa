import { ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { Alert, Anchor, Button, Group, Image, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addToCart } from '../../lib/cart';
import { useCurrency } from '../../lib/customer';
import { Availability } from './Availability';
import { productQuery, type ShopProduct } from './queries';

export function ProductPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = Number(useParams().id);
  const currency = useCurrency();
  const query = useQuery(productQuery(id));
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);

  if (query.isPending) return <PageLoader />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const product = query.data as ShopProduct;
  const image = product.images[0];
  const soldOut = (product.available ?? 1) <= 0;

  return (
    <Stack>
      <Anchor component={Link} to="/catalog" size="sm">
        {t('common.back')}
      </Anchor>
      {image && <Image src={image.url} alt={product.name} radius="md" mah={320} fit="contain" />}
      <Title order={2}>{product.name}</Title>
      <Group gap="xs">
        <Text size="lg" fw={700}>
          {currency ? format.money(product.priceCents, currency) : ''}
        </Text>
        <Text size="sm" c="dimmed">
          {t('catalog.perUnit', { unit: product.unit })}
        </Text>
        <Availability available={product.available} />
      </Group>
      {product.description && <Text>{product.description}</Text>}
      <Group align="flex-end">
        <NumberInput
          label={t('catalog.quantity')}
          w={110}
          min={1}
          max={1_000_000}
          allowDecimal={false}
          value={quantity}
          onChange={(v) => setQuantity(typeof v === 'number' ? v : Number(v) || 1)}
        />
        <Button
          disabled={soldOut}
          onClick={() => {
            addToCart({ productId: product.id, name: product.name, priceCents: product.priceCents }, quantity);
            setAdded(true);
          }}
        >
          {t('catalog.addToCart')}
        </Button>
      </Group>
      {added && (
        <Alert color="teal" role="status" p="xs">
          {t('catalog.added', { name: product.name })}
        </Alert>
      )}
    </Stack>
  );
}
