import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const PurchaseOrdersPage = lazy(() => import('./PurchaseOrdersPage').then((m) => ({ default: m.PurchaseOrdersPage })));
const PurchaseOrderPage = lazy(() => import('./PurchaseOrderPage').then((m) => ({ default: m.PurchaseOrderPage })));
const NewPurchaseOrderPage = lazy(() =>
  import('./PurchaseOrderEditor').then((m) => ({ default: m.NewPurchaseOrderPage })),
);
const EditPurchaseOrderPage = lazy(() =>
  import('./PurchaseOrderEditor').then((m) => ({ default: m.EditPurchaseOrderPage })),
);
const ReorderSuggestionsPage = lazy(() =>
  import('./ReorderSuggestionsPage').then((m) => ({ default: m.ReorderSuggestionsPage })),
);

export const feature: Feature = {
  routes: [
    { path: '/purchase-orders', capability: 'purchasing.read', element: <PurchaseOrdersPage /> },
    { path: '/purchase-orders/new', capability: 'purchasing.manage', element: <NewPurchaseOrderPage /> },
    // Reading the suggestions needs reports.inventory; drafting from them, purchasing.manage (both admin and warehouse).
    { path: '/purchase-orders/suggestions', capability: 'purchasing.manage', element: <ReorderSuggestionsPage /> },
    { path: '/purchase-orders/:id', capability: 'purchasing.read', element: <PurchaseOrderPage /> },
    { path: '/purchase-orders/:id/edit', capability: 'purchasing.manage', element: <EditPurchaseOrderPage /> },
  ],
  nav: [
    { path: '/purchase-orders', label: 'purchasing.nav', capability: 'purchasing.read', group: 'purchasing', order: 0 },
    {
      path: '/purchase-orders/suggestions',
      label: 'purchasing.suggestions.nav',
      capability: 'purchasing.manage',
      group: 'purchasing',
      order: 2,
    },
  ],
  actions: [
    { id: 'purchasing.new', label: 'purchasing.new', capability: 'purchasing.manage', to: '/purchase-orders/new' },
    {
      id: 'purchasing.suggestions',
      label: 'purchasing.suggestions.nav',
      capability: 'purchasing.manage',
      to: '/purchase-orders/suggestions',
    },
  ],
  live: {
    'stock.changed': ['purchase-orders', 'reports'],
  },
};
