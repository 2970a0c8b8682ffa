import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const StockPage = lazy(() => import('./StockPage').then((m) => ({ default: m.StockPage })));
const MovementsPage = lazy(() => import('./MovementsPage').then((m) => ({ default: m.MovementsPage })));
const ReceivePage = lazy(() => import('./StockForms').then((m) => ({ default: m.ReceivePage })));
const AdjustPage = lazy(() => import('./StockForms').then((m) => ({ default: m.AdjustPage })));
const TransferPage = lazy(() => import('./StockForms').then((m) => ({ default: m.TransferPage })));
const CountPage = lazy(() => import('./StockForms').then((m) => ({ default: m.CountPage })));

export const feature: Feature = {
  routes: [
    { path: '/stock', capability: 'stock.read', element: <StockPage /> },
    { path: '/stock/movements', capability: 'ledger.read', element: <MovementsPage /> },
    { path: '/stock/receive', capability: 'stock.write', element: <ReceivePage /> },
    { path: '/stock/adjust', capability: 'stock.write', element: <AdjustPage /> },
    { path: '/stock/transfer', capability: 'stock.write', element: <TransferPage /> },
    { path: '/stock/count', capability: 'stock.write', element: <CountPage /> },
  ],
  nav: [
    { path: '/stock', label: 'stock.nav', capability: 'stock.read', group: 'inventory', order: 0 },
    { path: '/stock/movements', label: 'stock.movements.nav', capability: 'ledger.read', group: 'inventory', order: 1 },
  ],
  actions: [
    { id: 'stock.receive', label: 'stock.actions.receive', capability: 'stock.write', to: '/stock/receive' },
    { id: 'stock.adjust', label: 'stock.actions.adjust', capability: 'stock.write', to: '/stock/adjust' },
    { id: 'stock.transfer', label: 'stock.actions.transfer', capability: 'stock.write', to: '/stock/transfer' },
    { id: 'stock.count', label: 'stock.actions.count', capability: 'stock.write', to: '/stock/count' },
  ],
  live: {
    'stock.changed': ['stock', 'movements'],
    'alert.opened': ['stock', 'movements'],
    'alert.resolved': ['stock', 'movements'],
  },
};
