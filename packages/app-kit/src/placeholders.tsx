import { Alert, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors';

/** A page the signed-in role may not open. */
export function Forbidden() {
  const { t } = useTranslation();
  return <Alert color="red">{t('page.forbidden')}</Alert>;
}

/** A failed load or action, in the user's language (the API's error code, or "unreachable"). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert">
      {errorText(t, error)}
    </Alert>
  );
}

export function PageLoader() {
  return (
    <Center py="xl">
      <Loader />
    </Center>
  );
}

/** A list with nothing in it: say so, and (optionally) what to do next. */
export function Empty({ children }: { children: string }) {
  return (
    <Alert color="gray" data-testid="empty">
      {children}
    </Alert>
  );
}
