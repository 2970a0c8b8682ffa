import { errorText } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { bodega } from '../../lib/bodega';
import { AuthLayout } from './AuthLayout';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const forgot = useMutation({
    mutationFn: () => unwrap(bodega.api.POST('/api/v1/auth/forgot-password', { body: { email } })),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate();
  };
  return (
    <AuthLayout
      title={t('auth.forgot.title')}
      footer={
        <Anchor component={Link} to="/sign-in" ta="center" size="sm">
          {t('auth.backToSignIn')}
        </Anchor>
      }
    >
      {forgot.isSuccess ? (
        <Alert color="teal" role="status">
          {t('auth.forgot.sent')}
        </Alert>
      ) : (
        <Stack component="form" onSubmit={onSubmit}>
          <Text size="sm">{t('auth.forgot.intro')}</Text>
          {forgot.error && (
            <Alert color="red" role="alert">
              {errorText(t, forgot.error)}
            </Alert>
          )}
          <TextInput
            label={t('auth.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <Button type="submit" loading={forgot.isPending} size="md">
            {t('auth.forgot.submit')}
          </Button>
        </Stack>
      )}
    </AuthLayout>
  );
}
