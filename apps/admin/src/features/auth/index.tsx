import type { Feature } from '../../lib/feature';
import { SignInPage } from './SignInPage';

export const feature: Feature = {
  routes: [],
  publicRoutes: [{ path: '/sign-in', element: <SignInPage /> }],
};
