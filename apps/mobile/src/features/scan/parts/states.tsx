import { errorText } from '@bodega/app-kit';
import { Alert, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// The app's placeholders live in mobile-core's components/; these stand in until they are merged.
export function Loading() {
  return (
    <Center py="lg">
      <Loader />
    </Center>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert">
      {errorText(t, error)}
    </Alert>
  );
}

export function EmptyBox({ children }: { children: string }) {
  return (
    <Alert color="gray" data-testid="empty">
      {children}
    </Alert>
  );
}
