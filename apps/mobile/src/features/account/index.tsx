import { lazy } from 'react';
import { IconUser } from '../../components/icons';
import type { Feature } from '../../lib/feature';

const AccountPage = lazy(() => import('./AccountPage').then((m) => ({ default: m.AccountPage })));

export const feature: Feature = {
  routes: [{ path: '/account', access: 'receivables.read', element: <AccountPage /> }],
  tabs: [
    {
      path: '/account',
      label: 'account.tab',
      icon: IconUser,
      capability: 'receivables.read',
      roles: ['customer'],
      order: 40,
    },
  ],
  live: {
    'payment.recorded': ['debts', 'payments', 'receivables'],
    'payment.voided': ['debts', 'payments', 'receivables'],
    'order.updated': ['debts', 'receivables'],
  },
};
