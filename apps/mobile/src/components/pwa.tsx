import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { applyUpdate, useOnline, usePwaState } from '../lib/pwa';

/** Says so while the device is offline: what is shown may be the last copy kept. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  if (online) return null;
  return (
    <Alert color="yellow" radius={0} py={6} role="status" data-testid="offline-banner">
      {t('pwa.offline')}
    </Alert>
  );
}

/** A new version is installed and waiting: offer to switch now. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const { updateWaiting } = usePwaState();
  if (!updateWaiting) return null;
  return (
    <Alert color="blue" radius={0} py={6} role="status" data-testid="update-prompt">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t('pwa.updateReady')}</Text>
        <Button size="compact-sm" onClick={applyUpdate}>
          {t('pwa.reload')}
        </Button>
      </Group>
    </Alert>
  );
}
