import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLOR = {
  pending: 'yellow',
  confirmed: 'blue',
  processing: 'indigo',
  shipped: 'cyan',
  delivered: 'teal',
  cancelled: 'gray',
} as const;

export function StatusBadge({ status }: { status: keyof typeof COLOR }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} data-testid="order-status">
      {t(`orders.status.${status}`)}
    </Badge>
  );
}
