import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

const DebtsPage = page(() => import('./DebtsPage'), 'DebtsPage');
const DebtPage = page(() => import('./DebtPage'), 'DebtPage');
const ManualDebtPage = page(() => import('./ManualDebtPage'), 'ManualDebtPage');
const PaymentsPage = page(() => import('./PaymentsPage'), 'PaymentsPage');
const PaymentPage = page(() => import('./PaymentPage'), 'PaymentPage');
const RecordPaymentPage = page(() => import('./RecordPaymentPage'), 'RecordPaymentPage');
const DebtorsPage = page(() => import('./DebtorsPage'), 'DebtorsPage');
const AgingPage = page(() => import('./AgingPage'), 'AgingPage');
const StatementPage = page(() => import('./StatementPage'), 'StatementPage');

export const feature: Feature = {
  routes: [
    { path: '/receivables/debtors', capability: 'receivables.manage', element: <DebtorsPage /> },
    { path: '/receivables/debts', capability: 'receivables.read', element: <DebtsPage /> },
    { path: '/receivables/debts/new', capability: 'debts.manual', element: <ManualDebtPage /> },
    { path: '/receivables/debts/:id', capability: 'receivables.read', element: <DebtPage /> },
    { path: '/receivables/payments', capability: 'receivables.read', element: <PaymentsPage /> },
    { path: '/receivables/payments/new', capability: 'receivables.manage', element: <RecordPaymentPage /> },
    { path: '/receivables/payments/:id', capability: 'receivables.read', element: <PaymentPage /> },
    { path: '/receivables/aging', capability: 'reports.receivables', element: <AgingPage /> },
    { path: '/receivables/customers/:id', capability: 'receivables.read', element: <StatementPage /> },
  ],
  nav: [
    {
      path: '/receivables/debtors',
      label: 'receivables.nav.debtors',
      capability: 'receivables.manage',
      group: 'receivables',
      order: 0,
    },
    {
      path: '/receivables/debts',
      label: 'receivables.nav.debts',
      capability: 'receivables.read',
      group: 'receivables',
      order: 1,
    },
    {
      path: '/receivables/payments',
      label: 'receivables.nav.payments',
      capability: 'receivables.read',
      group: 'receivables',
      order: 2,
    },
    {
      path: '/receivables/aging',
      label: 'receivables.nav.aging',
      capability: 'reports.receivables',
      group: 'receivables',
      order: 3,
    },
  ],
  actions: [
    {
      id: 'receivables.recordPayment',
      label: 'receivables.actions.recordPayment',
      capability: 'receivables.manage',
      to: '/receivables/payments/new',
    },
    {
      id: 'receivables.debtors',
      label: 'receivables.actions.debtors',
      capability: 'receivables.manage',
      to: '/receivables/debtors',
    },
  ],
  live: {
    'payment.recorded': ['debts', 'payments', 'receivables', 'customers'],
    'payment.voided': ['debts', 'payments', 'receivables', 'customers'],
    'order.updated': ['debts', 'payments', 'receivables', 'customers'],
  },
};
