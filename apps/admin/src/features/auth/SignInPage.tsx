import { errorText } from '@bodega/app-kit';
import { isStaffRole } from '@bodega/domain';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

/** Only paths inside the app: an open redirect through ?returnTo= is not possible. */
function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const staff = useStaffUser();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [notStaff, setNotStaff] = useState(false);
  const returnTo = safeReturnTo(params.get('returnTo'));

  const signIn = useMutation({
    mutationFn: () => bodega.session.signIn({ email, password }),
    onSuccess: async (user) => {
      if (!isStaffRole(user.role)) {
        setNotStaff(true);
        await bodega.session.signOut();
        return;
      }
      await navigate(returnTo, { replace: true });
    },
  });

  if (staff && !signIn.isPending) return <Navigate to={returnTo} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotStaff(false);
    signIn.mutate();
  };
  const error = signIn.error;
  const message = notStaff ? t('signIn.notStaff') : error ? errorText(t, error) : null;

  return (
    <Center h="100vh">
      <Paper component="form" onSubmit={onSubmit} withBorder p="xl" w={360} shadow="sm">
        <Stack>
          <Title order={2}>{t('signIn.title')}</Title>
          {params.get('reset') === '1' && !message && (
            <Alert color="teal" role="status">
              {t('signIn.resetDone')}
            </Alert>
          )}
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('signIn.forgot')}
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
