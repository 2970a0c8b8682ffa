import { errorText, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { forgotPasswordBody } from '@bodega/contract';
import { Alert, Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { bodega } from '../../lib/bodega';

/** Mails a reset link that opens this app's /admin/reset-password; the answer never says whether the email exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (body: { email: string }) =>
      unwrap(bodega.api.POST('/api/v1/auth/forgot-password', { body: { ...body, app: 'admin' } })),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = forgotPasswordBody.safeParse({ email: email.trim(), app: 'admin' });
    if (!parsed.success) {
      setInvalid(zodErrors(t, parsed.error.issues)['email'] ?? t('validation.invalid'));
      return;
    }
    setInvalid(null);
    send.mutate({ email: parsed.data.email });
  };

  return (
    <Center h="100vh">
      <Paper component="form" onSubmit={onSubmit} withBorder p="xl" w={380} shadow="sm" noValidate>
        <Stack>
          <Title order={2}>{t('auth.forgot.title')}</Title>
          {send.isSuccess ? (
            <Alert color="teal" role="status">
              {t('auth.forgot.sent')}
            </Alert>
          ) : (
            <>
              <Text size="sm">{t('auth.forgot.intro')}</Text>
              {send.isError && (
                <Alert color="red" role="alert">
                  {errorText(t, send.error)}
                </Alert>
              )}
              <TextInput
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                error={invalid}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <Button type="submit" loading={send.isPending}>
                {t('auth.forgot.submit')}
              </Button>
            </>
          )}
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('auth.forgot.back')}
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
