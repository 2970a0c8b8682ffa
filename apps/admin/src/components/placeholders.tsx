import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Forbidden() {
  const { t } = useTranslation();
  return <Alert color="red">{t('common.forbidden')}</Alert>;
}

export function NotReady() {
  const { t } = useTranslation();
  return <Alert color="gray">{t('common.notReady')}</Alert>;
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = (error as { code?: string } | null)?.code;
  return (
    <Alert color="red" role="alert">
      {t(`errors.${code ?? 'network'}`, { defaultValue: t('errors.unknown') })}
    </Alert>
  );
}
