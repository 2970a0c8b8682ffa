import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "In stock", "Only 3 left", "Out of stock": what a customer may know of the stock. */
export const LOW_STOCK = 5;

export function Availability({ available }: { available: number | undefined }) {
  const { t } = useTranslation();
  if (available === undefined) return null;
  if (available <= 0)
    return (
      <Badge color="gray" variant="light" data-testid="availability">
        {t('catalog.outOfStock')}
      </Badge>
    );
  if (available <= LOW_STOCK)
    return (
      <Badge color="orange" variant="light" data-testid="availability">
        {t('catalog.onlyLeft', { count: available })}
      </Badge>
    );
  return (
    <Badge color="teal" variant="light" data-testid="availability">
      {t('catalog.inStock')}
    </Badge>
  );
}
