import { Alert, Anchor, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A staff role with nothing to do on the phone (sales staff): point to the back office. */
export function NoTabs() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="gray">{t('shell.noTabs')}</Alert>
      <Anchor href="/admin/">{t('shell.backOffice')}</Anchor>
    </Stack>
  );
}
