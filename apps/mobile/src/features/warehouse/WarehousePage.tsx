import { Button, SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The warehouse's home on the phone: the four jobs, big enough for a thumb. */
export default function WarehousePage() {
  const { t } = useTranslation();
  const jobs = [
    { to: '/warehouse/scan', label: t('warehouse.home.scan') },
    { to: '/warehouse/counts', label: t('warehouse.home.count') },
    { to: '/warehouse/receiving', label: t('warehouse.home.receive') },
    { to: '/warehouse/alerts', label: t('warehouse.home.alerts') },
  ];
  return (
    <Stack>
      <Title order={2}>{t('warehouse.home.title')}</Title>
      <SimpleGrid cols={2}>
        {jobs.map((j) => (
          <Button key={j.to} component={Link} to={j.to} size="xl" h={96} variant="light">
            {j.label}
          </Button>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
