import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { Button, Card, Chip, Group, Image, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { startTransition, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { addToCart } from '../../lib/cart';
import { useCurrency } from '../../lib/customer';
import { drawnByServer } from '../../lib/drawn';
import { Availability } from './Availability';
import { categoriesQuery, productsQuery, type ShopProduct } from './queries';

/**
 * The Element Timing API's attribute (not in React's types): the browser reports when a product's
 * name is first painted, which bench:apps takes as "first products visible".
 */
const PAINT_TIMING = { elementtiming: 'product' } as object;

/**
 * Drawing twenty cards is most of a slow phone's start (Mantine's components are not free): when
 * the browser draws the catalog itself, the first frame has the cards a phone's screen shows and
 * the rest follow at once in a transition, which yields to the browser. A page the server drew
 * is hydrated whole, as it was drawn.
 */
const FIRST_FRAME_CARDS = 6;

function ProductCard({ product, currency }: { product: ShopProduct; currency: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const image = product.images[0];
  const soldOut = (product.available ?? 1) <= 0;
  return (
    <Card withBorder padding="sm" data-testid="product">
      <Group wrap="nowrap" align="flex-start">
        <Link to={`/catalog/${product.id}`} aria-label={product.name}>
          {image ? (
            <Image src={image.thumbnailUrl} alt="" w={72} h={72} radius="sm" fit="cover" loading="lazy" />
          ) : (
            <div style={{ width: 72, height: 72, borderRadius: 4, background: 'var(--mantine-color-gray-1)' }} />
          )}
        </Link>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Text component={Link} to={`/catalog/${product.id}`} fw={600} lineClamp={2} {...PAINT_TIMING}>
            {product.name}
          </Text>
          <Group gap="xs">
            <Text size="sm">{currency ? format.money(product.priceCents, currency) : ''}</Text>
            <Availability available={product.available} />
          </Group>
        </Stack>
        <Button
          size="compact-md"
          variant="light"
          disabled={soldOut}
          aria-label={t('catalog.addNamed', { name: product.name })}
          onClick={() => addToCart({ productId: product.id, name: product.name, priceCents: product.priceCents })}
        >
          {t('catalog.add')}
        </Button>
      </Group>
    </Card>
  );
}

export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = Number(params.get('category')) || null;
  const [search, setSearch] = useState(q);
  const currency = useCurrency();
  const categories = useQuery(categoriesQuery);
  const products = useInfiniteQuery(productsQuery(q, categoryId));

  const update = (next: { q?: string; category?: number | null }) => {
    const p = new URLSearchParams(params);
    if (next.q !== undefined) {
      if (next.q) p.set('q', next.q);
      else p.delete('q');
    }
    if (next.category !== undefined) {
      if (next.category) p.set('category', String(next.category));
      else p.delete('category');
    }
    setParams(p, { replace: true });
  };
  const debounced = useDebouncedCallback((value: string) => update({ q: value.trim() }), 300);
  const items = (products.data?.pages.flatMap((p) => p.items) ?? []) as ShopProduct[];
  const [allCards, setAllCards] = useState(drawnByServer);
  useEffect(() => {
    if (!allCards) startTransition(() => setAllCards(true));
  }, [allCards]);
  const cards = allCards ? items : items.slice(0, FIRST_FRAME_CARDS);
  const roots = (categories.data?.items ?? []).filter((c) => c.parentId === null);

  return (
    <Stack>
      <Title order={2}>{t('catalog.title')}</Title>
      <TextInput
        type="search"
        label={t('catalog.search')}
        placeholder={t('catalog.searchHint')}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          debounced(e.currentTarget.value);
        }}
      />
      {roots.length > 0 && (
        // A plain overflowing row (the platform scrolls it by touch): Mantine's ScrollArea is 14 KB.
        <Group
          wrap="nowrap"
          gap="xs"
          role="group"
          aria-label={t('catalog.categories')}
          style={{ overflowX: 'auto', scrollbarWidth: 'none', paddingBottom: 2 }}
        >
          <Chip checked={categoryId === null} onChange={() => update({ category: null })}>
            {t('catalog.all')}
          </Chip>
          {roots.map((c) => (
            <Chip key={c.id} checked={categoryId === c.id} onChange={() => update({ category: c.id })}>
              {c.name}
            </Chip>
          ))}
        </Group>
      )}
      {products.isPending ? (
        <PageLoader />
      ) : products.error ? (
        <ErrorAlert error={products.error} />
      ) : items.length === 0 ? (
        <Empty>{q ? t('catalog.noMatch') : t('catalog.empty')}</Empty>
      ) : (
        <Stack gap="xs">
          {cards.map((p) => (
            <ProductCard key={p.id} product={p} currency={currency} />
          ))}
          {products.hasNextPage && (
            <Button
              variant="default"
              loading={products.isFetchingNextPage}
              onClick={() => void products.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}
