import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { jsonOnly } from '../../lib/report-files';
import { useStaffUser } from '../../lib/session';

// The charts (recharts) are their own chunk, fetched when the page opens, beside its data.
const charts = () => import('./DashboardCharts');
const SalesChart = lazy(() => charts().then((m) => ({ default: m.SalesChart })));
const InventoryValueChart = lazy(() => charts().then((m) => ({ default: m.InventoryValueChart })));
const OrdersByStatusChart = lazy(() => charts().then((m) => ({ default: m.OrdersByStatusChart })));
const TopProductsChart = lazy(() => charts().then((m) => ({ default: m.TopProductsChart })));

const historyQuery = queryOptions({
  queryKey: ['reports', 'inventory-value-history'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/inventory/value-history', { signal })),
  staleTime: 60_000,
});
const openAlertsQuery = queryOptions({
  queryKey: ['reports', 'open-alerts'],
  queryFn: ({ signal }) =>
    unwrap(bodega.api.GET('/api/v1/alerts', { params: { query: { status: 'open', limit: 8 } }, signal })),
  staleTime: 60_000,
});
const overdueQuery = queryOptions({
  queryKey: ['reports', 'overdue-debtors'],
  queryFn: ({ signal }) =>
    unwrap(
      bodega.api.GET('/api/v1/debtors', {
        params: { query: { overdueOnly: 'true', sort: 'overdue', order: 'desc', limit: 8 } },
        signal,
      }),
    ).then(jsonOnly),
  staleTime: 60_000,
});

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

function Panel({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" data-testid={testId} component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      <Suspense fallback={<PageLoader />}>{children}</Suspense>
    </Card>
  );
}

function InventoryValuePanel({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const history = useQuery(historyQuery);
  return (
    <Panel title={t('dashboard.inventoryValueChart')} testId="panel-inventory-value">
      {history.isPending ? (
        <PageLoader />
      ) : history.isError ? (
        <ErrorAlert error={history.error} />
      ) : history.data.items.length === 0 ? (
        <Empty>{t('dashboard.noSnapshots')}</Empty>
      ) : (
        <InventoryValueChart points={history.data.items} currency={currency} />
      )}
    </Panel>
  );
}

function LowStockPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const alerts = useQuery(openAlertsQuery);
  return (
    <Panel title={t('dashboard.lowStockPanel')} testId="panel-low-stock">
      {alerts.isPending ? (
        <PageLoader />
      ) : alerts.isError ? (
        <ErrorAlert error={alerts.error} />
      ) : alerts.data.items.length === 0 ? (
        <Empty>{t('dashboard.noLowStock')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.product')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.available')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.reorderPoint')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{a.name}</Text>
                      <Text size="xs" c="dimmed">
                        {a.sku}
                      </Text>
                      {a.type === 'out_of_stock' && (
                        <Badge color="red" size="xs">
                          {t('dashboard.outOfStock')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{format.number(a.available)}</Table.Td>
                  <Table.Td ta="right">{format.number(a.reorderPoint)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

function OverduePanel({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const debtors = useQuery(overdueQuery);
  return (
    <Panel title={t('dashboard.overduePanel')} testId="panel-overdue">
      {debtors.isPending ? (
        <PageLoader />
      ) : debtors.isError ? (
        <ErrorAlert error={debtors.error} />
      ) : debtors.data.items.length === 0 ? (
        <Empty>{t('dashboard.noOverdue')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.customer')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.overdue')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.daysOverdue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {debtors.data.items.map((d) => (
                <Table.Tr key={d.customerId}>
                  <Table.Td>{d.name}</Table.Td>
                  <Table.Td ta="right">{format.money(d.overdueCents, currency)}</Table.Td>
                  <Table.Td ta="right">{format.number(d.daysOverdue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

/**
 * The KPI cards and the panels. Each section of GET /reports/dashboard is null when the role's
 * reports.* capability does not reach it; the panels that need another call make it only then.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const dashboard = useQuery(dashboardQuery);
  const queryClient = useQueryClient();
  const role = user?.role;
  // Everything the page will draw starts now, not once the dashboard's answer is in: the charts'
  // code and the panels the role may read (the same capabilities decide their sections below).
  useEffect(() => {
    void charts();
    if (!role) return;
    if (can(role, 'reports.inventory')) {
      void queryClient.prefetchQuery(historyQuery);
      void queryClient.prefetchQuery(openAlertsQuery);
    }
    if (can(role, 'reports.receivables')) void queryClient.prefetchQuery(overdueQuery);
  }, [queryClient, role]);

  if (dashboard.isPending) return <PageLoader />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} />;
  const { sales, inventory, receivables, currency, orders } = dashboard.data;
  const money = (cents: number) => format.money(cents, currency);
  const showInventory = inventory && role && can(role, 'reports.inventory');
  const showReceivables = receivables && role && can(role, 'reports.receivables');

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
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {sales && (
          <Panel title={t('dashboard.salesChart')} testId="panel-sales">
            <SalesChart daily={sales.daily} currency={currency} />
          </Panel>
        )}
        {showInventory && <InventoryValuePanel currency={currency} />}
        <Panel title={t('dashboard.ordersByStatus')} testId="panel-orders">
          {orders.byStatus.every((s) => s.count === 0) ? (
            <Empty>{t('dashboard.noOrders')}</Empty>
          ) : (
            <Group justify="center">
              <OrdersByStatusChart byStatus={orders.byStatus} />
            </Group>
          )}
        </Panel>
        {sales && (
          <Panel title={t('dashboard.topProducts')} testId="panel-top-products">
            {sales.topProducts.length === 0 ? (
              <Empty>{t('dashboard.noSales')}</Empty>
            ) : (
              <TopProductsChart items={sales.topProducts} currency={currency} />
            )}
          </Panel>
        )}
        {showInventory && <LowStockPanel />}
        {showReceivables && <OverduePanel currency={currency} />}
      </SimpleGrid>
    </Stack>
  );
}
