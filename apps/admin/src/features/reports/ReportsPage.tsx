import '@mantine/charts/styles.css';
import { Empty, ErrorAlert, errorText, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { REPORT_GROUPS, type ReportGroup } from '@bodega/domain';
import { AreaChart, BarChart, DonutChart } from '@mantine/charts';
import { moneyAxis, moneyAxisBelow } from '../../components/chart-axes';
import {
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import { jsonOnly, saveDownload } from '../../lib/report-files';

export const SALES_REPORTS = ['sales', 'categories', 'staff', 'top', 'payments'] as const;
export const INVENTORY_REPORTS = ['movements', 'valuation'] as const;
type ReportKind = (typeof SALES_REPORTS)[number] | (typeof INVENTORY_REPORTS)[number];

const PATHS = {
  sales: '/api/v1/reports/sales',
  categories: '/api/v1/reports/sales-by-category',
  staff: '/api/v1/reports/sales-by-staff',
  top: '/api/v1/reports/top-products',
  payments: '/api/v1/reports/payments',
  movements: '/api/v1/reports/movements-summary',
  valuation: '/api/v1/reports/inventory-valuation',
} as const;

type Range = { from?: string; to?: string };
type Column<T> = { key: string; label: string; value: (row: T) => ReactNode; numeric?: boolean };

function DataTable<T>({ rows, columns, total }: { rows: readonly T[]; columns: Column<T>[]; total?: T }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={c.numeric ? 'right' : undefined}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i}>
              {columns.map((c) => (
                <Table.Td key={c.key} ta={c.numeric ? 'right' : undefined}>
                  {c.value(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {total && (
          <Table.Tfoot>
            <Table.Tr fw={700}>
              {columns.map((c, i) => (
                <Table.Td key={c.key} ta={c.numeric ? 'right' : undefined}>
                  {i === 0 ? <TotalLabel /> : c.numeric ? c.value(total) : null}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

function TotalLabel() {
  const { t } = useTranslation();
  return <>{t('reports.total')}</>;
}

function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <PageLoader />;
  if (query.isError || query.data === undefined) return <ErrorAlert error={query.error} />;
  return <>{children(query.data)}</>;
}

const rangeQuery = (range: Range) => ({
  ...(range.from ? { from: range.from } : {}),
  ...(range.to ? { to: range.to } : {}),
});

function SalesReport({ range, group }: { range: Range; group: ReportGroup }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'sales', range, group],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.sales, { params: { query: { ...rangeQuery(range), group } }, signal })).then(
        jsonOnly,
      ),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        type Row = (typeof r.items)[number];
        const columns: Column<Row>[] = [
          { key: 'period', label: t('reports.period'), value: (x) => format.date(x.period) },
          { key: 'orders', label: t('reports.orders'), value: (x) => format.number(x.orders), numeric: true },
          { key: 'units', label: t('reports.units'), value: (x) => format.number(x.units), numeric: true },
          { key: 'revenue', label: t('reports.revenue'), value: (x) => money(x.revenueCents), numeric: true },
          { key: 'returns', label: t('reports.returns'), value: (x) => money(x.returnsCents), numeric: true },
          { key: 'net', label: t('reports.netRevenue'), value: (x) => money(x.netRevenueCents), numeric: true },
          { key: 'tax', label: t('reports.tax'), value: (x) => money(x.taxCents), numeric: true },
          { key: 'total', label: t('reports.totalCharged'), value: (x) => money(x.netTotalCents), numeric: true },
        ];
        return (
          <Stack>
            <AreaChart
              h={260}
              data={r.items.map((x) => ({ period: format.date(x.period), net: x.netRevenueCents }))}
              dataKey="period"
              curveType="monotone"
              yAxisProps={moneyAxis(format, r.currency)}
              valueFormatter={money}
              series={[{ name: 'net', label: t('reports.netRevenue'), color: 'teal.6' }]}
            />
            <DataTable rows={r.items} columns={columns} total={{ ...r.totals, period: '' }} />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function CategoriesReport({ range }: { range: Range }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'sales-by-category', range],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.categories, { params: { query: rangeQuery(range) }, signal })).then(jsonOnly),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        const name = (n: string | null) => n ?? t('reports.uncategorised');
        if (r.items.length === 0) return <Empty>{t('reports.noSales')}</Empty>;
        return (
          <Stack>
            <BarChart
              h={260}
              data={r.items.map((x) => ({ name: name(x.categoryName), net: x.netRevenueCents }))}
              dataKey="name"
              yAxisProps={moneyAxis(format, r.currency)}
              valueFormatter={money}
              series={[{ name: 'net', label: t('reports.netRevenue'), color: 'teal.6' }]}
            />
            <DataTable
              rows={r.items}
              columns={[
                { key: 'name', label: t('reports.category'), value: (x) => name(x.categoryName) },
                { key: 'units', label: t('reports.netUnits'), value: (x) => format.number(x.netUnits), numeric: true },
                { key: 'net', label: t('reports.netRevenue'), value: (x) => money(x.netRevenueCents), numeric: true },
              ]}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function StaffReport({ range }: { range: Range }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'sales-by-staff', range],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.staff, { params: { query: rangeQuery(range) }, signal })).then(jsonOnly),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        const name = (x: (typeof r.items)[number]) => (x.staffId === null ? t('reports.online') : x.name);
        if (r.items.length === 0) return <Empty>{t('reports.noSales')}</Empty>;
        return (
          <Stack>
            <BarChart
              h={260}
              data={r.items.map((x) => ({ name: name(x), net: x.netRevenueCents }))}
              dataKey="name"
              yAxisProps={moneyAxis(format, r.currency)}
              valueFormatter={money}
              series={[{ name: 'net', label: t('reports.netRevenue'), color: 'indigo.6' }]}
            />
            <DataTable
              rows={r.items}
              columns={[
                { key: 'name', label: t('reports.seller'), value: name },
                { key: 'orders', label: t('reports.orders'), value: (x) => format.number(x.orders), numeric: true },
                { key: 'avg', label: t('reports.average'), value: (x) => money(x.averageOrderCents), numeric: true },
                { key: 'net', label: t('reports.netRevenue'), value: (x) => money(x.netRevenueCents), numeric: true },
              ]}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function TopReport({ range, sort }: { range: Range; sort: 'revenue' | 'units' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'top-products', range, sort],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.top, { params: { query: { ...rangeQuery(range), sort, limit: 20 } }, signal })).then(
        jsonOnly,
      ),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        if (r.items.length === 0) return <Empty>{t('reports.noSales')}</Empty>;
        return (
          <Stack>
            <BarChart
              h={Math.max(200, r.items.length * 30)}
              orientation="vertical"
              yAxisProps={{ width: 160 }}
              data={r.items.map((x) => ({ name: x.name, value: sort === 'units' ? x.netUnits : x.netRevenueCents }))}
              dataKey="name"
              valueFormatter={sort === 'units' ? format.number : money}
              xAxisProps={sort === 'units' ? undefined : moneyAxisBelow(format, r.currency)}
              series={[
                {
                  name: 'value',
                  label: sort === 'units' ? t('reports.netUnits') : t('reports.netRevenue'),
                  color: 'teal.6',
                },
              ]}
            />
            <DataTable
              rows={r.items}
              columns={[
                { key: 'name', label: t('reports.product'), value: (x) => x.name },
                { key: 'sku', label: t('reports.sku'), value: (x) => x.sku },
                { key: 'units', label: t('reports.netUnits'), value: (x) => format.number(x.netUnits), numeric: true },
                { key: 'net', label: t('reports.netRevenue'), value: (x) => money(x.netRevenueCents), numeric: true },
              ]}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function PaymentsReport({ range, group }: { range: Range; group: ReportGroup }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'payments', range, group],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.payments, { params: { query: { ...rangeQuery(range), group } }, signal })).then(
        jsonOnly,
      ),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        if (r.totals.payments === 0) return <Empty>{t('reports.noPayments')}</Empty>;
        return (
          <Stack>
            <Group justify="center">
              <DonutChart
                withLabels
                withTooltip
                valueFormatter={money}
                data={r.byMethod
                  .filter((m) => m.amountCents > 0)
                  .map((m, i) => ({
                    name: t(`reports.methods.${m.method}`),
                    value: m.amountCents,
                    color: ['teal.6', 'blue.6', 'grape.6', 'gray.5'][i % 4]!,
                  }))}
              />
            </Group>
            <DataTable
              rows={r.items.filter((x) => x.payments > 0)}
              columns={[
                { key: 'period', label: t('reports.period'), value: (x) => format.date(x.period) },
                { key: 'method', label: t('reports.method'), value: (x) => t(`reports.methods.${x.method}`) },
                { key: 'n', label: t('reports.payments'), value: (x) => format.number(x.payments), numeric: true },
                { key: 'amount', label: t('reports.amount'), value: (x) => money(x.amountCents), numeric: true },
              ]}
              total={{ ...r.totals, period: '', method: 'other' }}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function MovementsReport({ range }: { range: Range }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'movements-summary', range],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET(PATHS.movements, { params: { query: rangeQuery(range) }, signal })).then(jsonOnly),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        return (
          <Stack>
            <BarChart
              h={260}
              data={r.items.map((x) => ({
                type: t(`reports.movementTypes.${x.type}`),
                in: x.unitsIn,
                out: x.unitsOut,
              }))}
              dataKey="type"
              valueFormatter={format.number}
              withLegend
              series={[
                { name: 'in', label: t('reports.unitsIn'), color: 'teal.6' },
                { name: 'out', label: t('reports.unitsOut'), color: 'red.5' },
              ]}
            />
            <DataTable
              rows={r.items}
              columns={[
                { key: 'type', label: t('reports.type'), value: (x) => t(`reports.movementTypes.${x.type}`) },
                { key: 'n', label: t('reports.movements'), value: (x) => format.number(x.movements), numeric: true },
                { key: 'in', label: t('reports.unitsIn'), value: (x) => format.number(x.unitsIn), numeric: true },
                { key: 'out', label: t('reports.unitsOut'), value: (x) => format.number(x.unitsOut), numeric: true },
                { key: 'net', label: t('reports.netUnits'), value: (x) => format.number(x.netUnits), numeric: true },
                { key: 'vin', label: t('reports.valueIn'), value: (x) => money(x.valueInCents), numeric: true },
                { key: 'vout', label: t('reports.valueOut'), value: (x) => money(x.valueOutCents), numeric: true },
              ]}
              total={{ ...r.totals, type: 'receipt' }}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

function ValuationReport() {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['reports', 'inventory-valuation'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET(PATHS.valuation, { signal })).then(jsonOnly),
  });
  return (
    <Loaded query={query}>
      {(r) => {
        const money = (c: number) => format.money(c, r.currency);
        const name = (n: string | null) => n ?? t('reports.uncategorised');
        if (r.byCategory.length === 0) return <Empty>{t('reports.noStock')}</Empty>;
        return (
          <Stack>
            <Text fw={700}>
              {t('reports.valuationTotal', { value: money(r.totalValueCents), units: format.number(r.totalUnits) })}
            </Text>
            <BarChart
              h={260}
              data={r.byCategory.map((x) => ({ name: name(x.categoryName), value: x.valueCents }))}
              dataKey="name"
              yAxisProps={moneyAxis(format, r.currency)}
              valueFormatter={money}
              series={[{ name: 'value', label: t('reports.value'), color: 'grape.6' }]}
            />
            <DataTable
              rows={r.byCategory}
              columns={[
                { key: 'name', label: t('reports.category'), value: (x) => name(x.categoryName) },
                { key: 'p', label: t('reports.products'), value: (x) => format.number(x.products), numeric: true },
                { key: 'u', label: t('reports.units'), value: (x) => format.number(x.units), numeric: true },
                { key: 'v', label: t('reports.value'), value: (x) => money(x.valueCents), numeric: true },
              ]}
            />
          </Stack>
        );
      }}
    </Loaded>
  );
}

/** Reports of one area (sales or inventory): the report, range and grouping live in the URL. */
export function ReportsPage({ kinds }: { kinds: readonly ReportKind[] }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind = (kinds.find((k) => k === params.get('report')) ?? kinds[0])!;
  const range: Range = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const group = (REPORT_GROUPS.find((g) => g === params.get('group')) ?? 'day') as ReportGroup;
  const sort = params.get('sort') === 'units' ? 'units' : 'revenue';
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const csv = useMutation({
    mutationFn: async () => {
      const query = {
        ...(kind === 'valuation' ? {} : rangeQuery(range)),
        ...(kind === 'sales' || kind === 'payments' ? { group } : {}),
        ...(kind === 'top' ? { sort, limit: 200 } : {}),
        format: 'csv' as const,
      };
      // Every report path takes `format=csv`; the union of their parameter types is not expressible per call.
      const file = await bodega.download(PATHS[kind] as typeof PATHS.sales, { query });
      saveDownload(file, `${kind}.csv`);
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
  });

  return (
    <Stack>
      <Title order={2}>{t(kinds.includes('sales') ? 'reports.salesTitle' : 'reports.inventoryTitle')}</Title>
      <Tabs value={kind} onChange={(v) => v && set('report', v)}>
        <Tabs.List>
          {kinds.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`reports.kinds.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" wrap="wrap">
        {kind !== 'valuation' && (
          <>
            <TextInput
              label={t('reports.from')}
              type="date"
              value={range.from ?? ''}
              onChange={(e) => set('from', e.currentTarget.value || null)}
            />
            <TextInput
              label={t('reports.to')}
              type="date"
              value={range.to ?? ''}
              onChange={(e) => set('to', e.currentTarget.value || null)}
            />
          </>
        )}
        {(kind === 'sales' || kind === 'payments') && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="report-group">
              {t('reports.group')}
            </Text>
            <SegmentedControl
              aria-labelledby="report-group"
              value={group}
              onChange={(v) => set('group', v)}
              data={REPORT_GROUPS.map((g) => ({ value: g, label: t(`reports.groups.${g}`) }))}
            />
          </Stack>
        )}
        {kind === 'top' && (
          <Select
            label={t('reports.sortBy')}
            allowDeselect={false}
            value={sort}
            onChange={(v) => set('sort', v)}
            data={[
              { value: 'revenue', label: t('reports.netRevenue') },
              { value: 'units', label: t('reports.netUnits') },
            ]}
          />
        )}
        <Button variant="default" loading={csv.isPending} onClick={() => csv.mutate()}>
          {t('reports.csv')}
        </Button>
      </Group>
      <Card withBorder data-testid={`report-${kind}`}>
        {kind === 'sales' && <SalesReport range={range} group={group} />}
        {kind === 'categories' && <CategoriesReport range={range} />}
        {kind === 'staff' && <StaffReport range={range} />}
        {kind === 'top' && <TopReport range={range} sort={sort} />}
        {kind === 'payments' && <PaymentsReport range={range} group={group} />}
        {kind === 'movements' && <MovementsReport range={range} />}
        {kind === 'valuation' && <ValuationReport />}
      </Card>
    </Stack>
  );
}
