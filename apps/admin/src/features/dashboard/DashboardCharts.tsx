import '@mantine/charts/styles.css';
import { useFormat } from '@bodega/app-kit';
import type { Dashboard } from '@bodega/contract';
import { AreaChart, BarChart, DonutChart } from '@mantine/charts';
import { ColorSwatch, Group, Stack, Text } from '@mantine/core';
import { moneyAxis, moneyAxisBelow } from '../../components/chart-axes';
import { useTranslation } from 'react-i18next';

const STATUS_COLOR = {
  pending: 'yellow.6',
  confirmed: 'blue.6',
  processing: 'indigo.6',
  shipped: 'cyan.6',
  delivered: 'teal.6',
  cancelled: 'gray.5',
} as const;

type Point = { day: string; valueCents: number };

/** Daily net revenue over the last 30 days (the dashboard's own series). */
export function SalesChart({ daily, currency }: { daily: NonNullable<Dashboard['sales']>['daily']; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = daily.map((d) => ({ day: format.date(d.day), revenue: d.netRevenueCents, total: d.totalCents }));
  return (
    <AreaChart
      h={240}
      data={data}
      dataKey="day"
      curveType="monotone"
      withDots={false}
      valueFormatter={(v) => format.money(v, currency)}
      yAxisProps={moneyAxis(format, currency)}
      series={[
        { name: 'revenue', label: t('dashboard.netRevenue'), color: 'teal.6' },
        { name: 'total', label: t('dashboard.totalCharged'), color: 'blue.4' },
      ]}
      withLegend
    />
  );
}

/** The inventory's value day by day (the nightly snapshots). */
export function InventoryValueChart({ points, currency }: { points: readonly Point[]; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = points.map((p) => ({ day: format.date(p.day), value: p.valueCents }));
  return (
    <AreaChart
      h={240}
      data={data}
      dataKey="day"
      curveType="monotone"
      valueFormatter={(v) => format.money(v, currency)}
      yAxisProps={moneyAxis(format, currency)}
      series={[{ name: 'value', label: t('dashboard.stockValue'), color: 'grape.6' }]}
    />
  );
}

export function OrdersByStatusChart({ byStatus }: { byStatus: Dashboard['orders']['byStatus'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = byStatus
    .filter((s) => s.count > 0)
    .map((s) => ({ name: t(`dashboard.status.${s.status}`), value: s.count, color: STATUS_COLOR[s.status] }));
  // A legend beside the ring, not labels on it: small slices' labels fell on each other.
  return (
    <Group gap="lg" wrap="nowrap" align="center">
      <DonutChart data={data} withTooltip size={180} thickness={28} />
      <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {data.map((d) => (
          <Group key={d.name} component="li" gap="xs" wrap="nowrap">
            <ColorSwatch size={12} color={`var(--mantine-color-${d.color.replace('.', '-')})`} withShadow={false} />
            <Text size="sm">{d.name}</Text>
            <Text size="sm" fw={600} ml="auto" pl="md">
              {format.number(d.value)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  );
}

export function TopProductsChart({
  items,
  currency,
}: {
  items: NonNullable<Dashboard['sales']>['topProducts'];
  currency: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = items.map((p) => ({ name: p.name, revenue: p.netRevenueCents }));
  return (
    <BarChart
      h={Math.max(160, data.length * 36)}
      data={data}
      dataKey="name"
      orientation="vertical"
      // Long names wrapped onto each other: one line, cut with an ellipsis (the tooltip keeps it whole).
      yAxisProps={{ width: 160, tickFormatter: (name: string) => (name.length > 24 ? `${name.slice(0, 23)}…` : name) }}
      xAxisProps={moneyAxisBelow(format, currency)}
      valueFormatter={(v) => format.money(v, currency)}
      series={[{ name: 'revenue', label: t('dashboard.netRevenue'), color: 'teal.6' }]}
    />
  );
}
