import { errorText, fieldErrors, zodErrors } from '@bodega/app-kit';
import { isApiError } from '@bodega/client';
import { registerBody } from '@bodega/contract';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { bodega } from '../../lib/bodega';
import { useUser } from '../../lib/session';
import { AuthLayout } from './AuthLayout';

/** Self-registration: always a customer account, signed in at once. */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const [form, setForm] = useState({ name: '', email: '', phone: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const register = useMutation({
    mutationFn: (body: typeof form) =>
      bodega.session.register({
        name: body.name,
        email: body.email,
        password: body.password,
        ...(body.phone.trim() ? { phone: body.phone.trim() } : {}),
      }),
    onSuccess: () => navigate('/', { replace: true }),
    onError: (error) => setErrors(fieldErrors(t, error)),
  });

  if (user && !register.isPending) return <Navigate to="/" replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.name, email: form.email, password: form.password };
    const parsed = registerBody.safeParse(body);
    if (!parsed.success) {
      setErrors(zodErrors(t, parsed.error.issues));
      return;
    }
    setErrors({});
    register.mutate(form);
  };
  const field = (name: keyof typeof form) => ({
    value: form[name],
    error: errors[name],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  const failure = register.error && !isApiError(register.error, 'validation_failed') ? register.error : null;

  return (
    <AuthLayout
      title={t('auth.register.title')}
      footer={
        <Text ta="center" size="sm">
          {t('auth.register.haveAccount')}{' '}
          <Anchor component={Link} to="/sign-in">
            {t('auth.register.signIn')}
          </Anchor>
        </Text>
      }
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" role="alert">
              {errorText(t, failure)}
            </Alert>
          )}
          <TextInput label={t('auth.register.name')} autoComplete="name" required {...field('name')} />
          <TextInput
            label={t('auth.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            required
            {...field('email')}
          />
          <TextInput label={t('auth.register.phone')} type="tel" autoComplete="tel" {...field('phone')} />
          <PasswordInput
            label={t('auth.password')}
            description={t('auth.register.passwordHint')}
            autoComplete="new-password"
            required
            {...field('password')}
          />
          <Button type="submit" loading={register.isPending} size="md">
            {t('auth.register.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
