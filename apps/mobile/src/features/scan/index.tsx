import { lazy } from 'react';
import { IconBarcode, IconClipboardList, IconPackageImport } from '../../components/icons';
import type { Feature } from '../../lib/feature';
import { WarmScanner } from './WarmScanner';

// Every screen (and the scanner with its wasm) is a lazy chunk: none of it loads with the catalog.
const ScanPage = lazy(() => import('./ScanPage'));
const ProductPage = lazy(() => import('./product/ProductPage'));
const CountPage = lazy(() => import('./counts/CountPage'));
const ReceivingListPage = lazy(() => import('./receiving/ReceivingListPage'));
const ReceivePage = lazy(() => import('./receiving/ReceivePage'));

const STAFF = ['warehouse_manager', 'admin'] as const;

export const feature: Feature = {
  routes: [
    { path: '/warehouse/scan', access: 'stock.write', element: <ScanPage /> },
    { path: '/warehouse/products/:id', access: 'stock.write', element: <ProductPage /> },
    { path: '/warehouse/counts', access: 'stock.write', element: <CountPage /> },
    { path: '/warehouse/receiving', access: 'purchasing.manage', element: <ReceivingListPage /> },
    { path: '/warehouse/receiving/:id', access: 'purchasing.manage', element: <ReceivePage /> },
  ],
  tabs: [
    {
      path: '/warehouse/scan',
      label: 'scan.tabs.scan',
      icon: IconBarcode,
      capability: 'stock.write',
      roles: STAFF,
      order: 110,
    },
    {
      path: '/warehouse/counts',
      label: 'scan.tabs.count',
      icon: IconClipboardList,
      capability: 'stock.write',
      roles: STAFF,
      order: 120,
    },
    {
      path: '/warehouse/receiving',
      label: 'scan.tabs.receive',
      icon: IconPackageImport,
      capability: 'purchasing.manage',
      roles: STAFF,
      order: 130,
    },
  ],
  // On hand shown while counting and receiving follows every stock change; receipts move purchase orders.
  live: { 'stock.changed': ['stock', 'purchase-orders'] },
  mount: <WarmScanner roles={STAFF} />,
};
