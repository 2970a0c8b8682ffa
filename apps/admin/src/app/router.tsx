import { can } from '@bodega/domain';
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { Forbidden, NotReady } from '../components/placeholders';
import { Shell } from '../components/Shell';
import { SignInPage } from '../features/auth/SignInPage';
import { useSession, useStaffUser } from '../lib/session';
import { SECTIONS, type Section } from './sections';

// The screens load on first visit: the sign-in page's JavaScript stays small.
const DashboardPage = lazy(() =>
  import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const ProductsPage = lazy(() => import('../features/products/ProductsPage').then((m) => ({ default: m.ProductsPage })));

/** Signed-in staff only; anyone else goes to sign-in with the page to come back to. */
function RequireStaff({ children }: { children: ReactNode }) {
  const state = useSession();
  const user = useStaffUser();
  const location = useLocation();
  if (state.status === 'unknown') {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!user) {
    const returnTo = location.pathname + location.search;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return children;
}

function Guarded({ section, children }: { section: Section; children: ReactNode }) {
  const user = useStaffUser();
  if (!user || !can(user.role, section.capability)) return <Forbidden />;
  if (!section.ready) return <NotReady />;
  return <Suspense fallback={<Loader />}>{children}</Suspense>;
}

const pages: Record<string, ReactNode> = { '/': <DashboardPage />, '/products': <ProductsPage /> };

const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      element: (
        <RequireStaff>
          <Shell />
        </RequireStaff>
      ),
      children: [
        ...SECTIONS.map((section) => ({
          ...(section.path === '/' ? { index: true } : { path: section.path.slice(1) }),
          element: <Guarded section={section}>{pages[section.path]}</Guarded>,
        })),
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/admin' },
);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
