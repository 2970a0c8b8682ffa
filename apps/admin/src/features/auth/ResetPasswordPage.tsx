import { errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { resetPasswordBody } from '@bodega/contract';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';

/** Opened from the mailed link (`/admin/reset-password?token=…`); on success, sign-in says so. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reset = useMutation({
    mutationFn: (body: { token: string; newPassword: string }) =>
      unwrap(bodega.api.POST('/api/v1/auth/reset-password', { body })),
    onSuccess: () => navigate('/sign-in?reset=1', { replace: true }),
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = resetPasswordBody.safeParse({ token, newPassword: password });
    if (!parsed.success) return setErrors(zodErrors(t, parsed.error.issues));
    if (password !== repeat) return setErrors({ repeat: t('auth.reset.mismatch') });
    setErrors({});
    reset.mutate(parsed.data);
  };

  const serverError = reset.isError && Object.keys(fieldErrors(t, reset.error)).length === 0;
  return (
    <Center h="100vh">
      <Paper component="form" onSubmit={onSubmit} withBorder p="xl" w={380} shadow="sm" noValidate>
        <Stack>
          <Title order={2}>{t('auth.reset.title')}</Title>
          {!token || errors['token'] ? (
            <Alert color="red" role="alert">
              {t('auth.reset.noToken')}
            </Alert>
          ) : null}
          {serverError && (
            <Alert color="red" role="alert">
              {errorText(t, reset.error)}
            </Alert>
          )}
          <PasswordInput
            label={t('auth.reset.newPassword')}
            autoComplete="new-password"
            required
            value={password}
            error={errors['newPassword']}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('auth.reset.repeat')}
            autoComplete="new-password"
            required
            value={repeat}
            error={errors['repeat']}
            onChange={(e) => setRepeat(e.currentTarget.value)}
          />
          <Button type="submit" loading={reset.isPending} disabled={!token}>
            {t('auth.reset.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.reset.again')}
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
