import { errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { isApiError, unwrap } from '@bodega/client';
import { resetPasswordBody } from '@bodega/contract';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { AuthLayout } from './AuthLayout';

/**
 * The page of the link the API mails (`${PUBLIC_URL}/reset-password?token=…`). Customers and staff
 * both land here; afterwards a customer signs in here, staff may go to the back office.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();

  const reset = useMutation({
    mutationFn: () =>
      unwrap(bodega.api.POST('/api/v1/auth/reset-password', { body: { token, newPassword: password } })),
    onSuccess: () => navigate('/sign-in?notice=password_reset', { replace: true }),
    onError: (e) => setError(fieldErrors(t, e)['newPassword']),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The token is the server's to judge (expired, used): only the password is checked here.
    const parsed = resetPasswordBody.shape.newPassword.safeParse(password);
    if (!parsed.success) {
      setError(zodErrors(t, parsed.error.issues)['']);
      return;
    }
    setError(undefined);
    reset.mutate();
  };
  const failure = reset.error && !isApiError(reset.error, 'validation_failed') ? reset.error : null;

  return (
    <AuthLayout
      title={t('auth.reset.title')}
      footer={
        <Stack gap={4} align="center">
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('auth.backToSignIn')}
          </Anchor>
          <Anchor href="/admin/sign-in" size="sm">
            {t('auth.reset.staff')}
          </Anchor>
        </Stack>
      }
    >
      {!token ? (
        <Alert color="red" role="alert">
          {t('auth.reset.noToken')}
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            {failure && (
              <Alert color="red" role="alert">
                {errorText(t, failure)}
              </Alert>
            )}
            <PasswordInput
              label={t('auth.reset.newPassword')}
              description={t('auth.register.passwordHint')}
              autoComplete="new-password"
              required
              value={password}
              error={error}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={reset.isPending} size="md">
              {t('auth.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
