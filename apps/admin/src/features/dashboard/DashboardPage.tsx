import { Card, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/placeholders';
import { useFormat } from '@bodega/app-kit';
import { dashboardQuery } from '../../lib/queries';

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="md" data-testid="kpi">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** The KPI cards; each section is null when the role's reports.* capability does not reach it. */
export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const dashboard = useQuery(dashboardQuery);

  if (dashboard.isPending) return <Loader />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} />;
  const { sales, inventory, receivables, currency } = dashboard.data;
  const money = (cents: number) => format.money(cents, currency);

  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {sales && (
          <>
            <Kpi label={t('dashboard.salesToday')} value={money(sales.today.totalCents)} />
            <Kpi label={t('dashboard.sales7')} value={money(sales.last7Days.totalCents)} />
            <Kpi label={t('dashboard.sales30')} value={money(sales.last30Days.totalCents)} />
          </>
        )}
        {inventory && (
          <>
            <Kpi label={t('dashboard.inventoryValue')} value={money(inventory.valueCents)} />
            <Kpi label={t('dashboard.lowStock')} value={format.number(inventory.lowStockCount)} />
          </>
        )}
        {receivables && (
          <>
            <Kpi label={t('dashboard.receivablesTotal')} value={money(receivables.totalCents)} />
            <Kpi label={t('dashboard.receivablesOverdue')} value={money(receivables.overdueCents)} />
          </>
        )}
      </SimpleGrid>
    </Stack>
  );
}
