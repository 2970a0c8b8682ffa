import '@mantine/spotlight/styles.css';
import { unwrap } from '@bodega/client';
import { can, type Role } from '@bodega/domain';
import { Spotlight, createSpotlight } from '@mantine/spotlight';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { bodega } from '../lib/bodega';
import type { FeatureAction, NavItem } from '../lib/feature';

const LIMIT = 5;

export type CommandPaletteProps = {
  opened: boolean;
  onClose: () => void;
  role: Role;
  actions: readonly FeatureAction[];
  nav: readonly NavItem[];
  /** The app's route patterns (`/products/:id`): a record opens its page when one exists, else its list. */
  routes: readonly string[];
};

/**
 * Ctrl/Cmd+K: products (name, SKU, barcode), customers and orders (by number) from the API, the
 * features' actions and the sections, each only when the role's capability allows it. Loaded on
 * first use (its own chunk), so the sign-in route never carries it.
 */
export function CommandPalette({ opened, onClose, role, actions, nav, routes }: CommandPaletteProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [store, actionsOf] = useMemo(() => createSpotlight(), []);
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 200);
  const search = q.length >= 2;

  useEffect(() => {
    if (opened) actionsOf.open();
    else actionsOf.close();
  }, [opened, actionsOf]);

  const open = (detail: string, list: string, id: number, listQuery: string) => {
    const target = routes.includes(`${detail}/:id`) ? `${detail}/${id}` : `${list}?q=${encodeURIComponent(listQuery)}`;
    void navigate(target);
  };

  const products = useQuery({
    queryKey: ['products', 'palette', q],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/products', { params: { query: { q, limit: LIMIT } }, signal })),
    enabled: opened && search && can(role, 'catalog.read'),
  });
  const customers = useQuery({
    queryKey: ['customers', 'palette', q],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/customers', { params: { query: { q, limit: LIMIT } }, signal })),
    enabled: opened && search && can(role, 'customers.read'),
  });
  const orders = useQuery({
    queryKey: ['orders', 'palette', q],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/orders', { params: { query: { q, limit: LIMIT } }, signal })),
    enabled: opened && search && can(role, 'orders.read'),
  });

  const needle = query.trim().toLowerCase();
  const matches = (label: string) => !needle || label.toLowerCase().includes(needle);
  const allowedActions = actions.filter((a) => can(role, a.capability) && matches(t(a.label)));
  const sections = nav.filter((n) => can(role, n.capability) && matches(t(n.label)));
  const productItems = search ? (products.data?.items ?? []) : [];
  const customerItems = search ? (customers.data?.items ?? []) : [];
  const orderItems = search ? (orders.data?.items ?? []) : [];
  const nothing =
    allowedActions.length + sections.length + productItems.length + customerItems.length + orderItems.length === 0;

  return (
    <Spotlight.Root
      store={store}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      onSpotlightClose={onClose}
      scrollable
      maxHeight={460}
    >
      <Spotlight.Search placeholder={t('palette.placeholder')} aria-label={t('palette.placeholder')} />
      <Spotlight.ActionsList>
        {productItems.length > 0 && (
          <Spotlight.ActionsGroup label={t('palette.products')}>
            {productItems.map((p) => (
              <Spotlight.Action
                key={`p${p.id}`}
                label={p.name}
                description={[p.sku, p.barcode].filter(Boolean).join(' · ')}
                onClick={() => open('/products', '/products', p.id, p.sku)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {customerItems.length > 0 && (
          <Spotlight.ActionsGroup label={t('palette.customers')}>
            {customerItems.map((c) => (
              <Spotlight.Action
                key={`c${c.id}`}
                label={c.name}
                description={[c.code, c.email, c.phone].filter(Boolean).join(' · ')}
                onClick={() => open('/customers', '/customers', c.id, c.name)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {orderItems.length > 0 && (
          <Spotlight.ActionsGroup label={t('palette.orders')}>
            {orderItems.map((o) => (
              <Spotlight.Action
                key={`o${o.id}`}
                label={o.number}
                description={t(`palette.orderStatus.${o.status}`)}
                onClick={() => open('/orders', '/orders', o.id, o.number)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {allowedActions.length > 0 && (
          <Spotlight.ActionsGroup label={t('palette.actions')}>
            {allowedActions.map((a) => (
              <Spotlight.Action
                key={a.id}
                label={t(a.label)}
                description={a.shortcut}
                onClick={() => void navigate(a.to)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {sections.length > 0 && (
          <Spotlight.ActionsGroup label={t('palette.sections')}>
            {sections.map((n) => (
              <Spotlight.Action key={`n${n.path}`} label={t(n.label)} onClick={() => void navigate(n.path)} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {nothing && <Spotlight.Empty>{t('palette.nothing')}</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
