import { errorText } from '@bodega/app-kit';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { safeReturnTo, useUser } from '../../lib/session';
import { AuthLayout } from './AuthLayout';

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const user = useUser();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const returnTo = safeReturnTo(params.get('returnTo'));
  const notice = params.get('notice');

  const signIn = useMutation({
    mutationFn: () => bodega.session.signIn({ email, password }),
    onSuccess: () => navigate(returnTo, { replace: true }),
  });

  if (user && !signIn.isPending) return <Navigate to={returnTo} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <AuthLayout
      title={t('auth.signIn.title')}
      footer={
        <Text ta="center" size="sm">
          {t('auth.signIn.noAccount')}{' '}
          <Anchor component={Link} to="/register">
            {t('auth.signIn.register')}
          </Anchor>
        </Text>
      }
    >
      <Stack component="form" onSubmit={onSubmit}>
        {notice === 'password_reset' && (
          <Alert color="teal" role="status">
            {t('auth.reset.done')}
          </Alert>
        )}
        {signIn.error && (
          <Alert color="red" role="alert">
            {errorText(t, signIn.error)}
          </Alert>
        )}
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('auth.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Button type="submit" loading={signIn.isPending} size="md">
          {t('auth.signIn.submit')}
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
          {t('auth.signIn.forgot')}
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
