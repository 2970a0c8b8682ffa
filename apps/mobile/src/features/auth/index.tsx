import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const SignInPage = lazy(() => import('./SignInPage').then((m) => ({ default: m.SignInPage })));
const RegisterPage = lazy(() => import('./RegisterPage').then((m) => ({ default: m.RegisterPage })));
const ForgotPasswordPage = lazy(() => import('./ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));

export const feature: Feature = {
  routes: [
    { path: '/sign-in', access: 'public', element: <SignInPage /> },
    { path: '/register', access: 'public', element: <RegisterPage /> },
    { path: '/forgot-password', access: 'public', element: <ForgotPasswordPage /> },
    { path: '/reset-password', access: 'public', element: <ResetPasswordPage /> },
  ],
};
