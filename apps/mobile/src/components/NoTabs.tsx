import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { bodega } from '../lib/bodega';
import { clearApiCaches } from '../lib/pwa';

/** A staff role with nothing to do on the phone (sales staff): point to the back office. */
export function NoTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await bodega.session.signOut();
    queryClient.clear();
    await clearApiCaches();
    await navigate('/sign-in');
  };
  return (
    <Stack>
      <Alert color="gray">{t('shell.noTabs')}</Alert>
      <Anchor href="/admin/">{t('shell.backOffice')}</Anchor>
      <Button variant="default" onClick={() => void signOut()}>
        {t('shell.signOut')}
      </Button>
    </Stack>
  );
}
