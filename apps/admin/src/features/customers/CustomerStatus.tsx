import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function CustomerStatus({ active, deleted }: { active: boolean; deleted: boolean }) {
  const { t } = useTranslation();
  if (deleted) return <Badge color="red">{t('customers.deleted')}</Badge>;
  return active ? (
    <Badge color="teal">{t('customers.active')}</Badge>
  ) : (
    <Badge color="gray">{t('customers.inactive')}</Badge>
  );
}
