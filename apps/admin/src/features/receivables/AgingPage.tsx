import '@mantine/charts/styles.css';
import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { AGING_BUCKETS } from '@bodega/domain';
import { BarChart } from '@mantine/charts';
import { moneyAxis } from '../../components/chart-axes';
import { Anchor, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { bodega } from '../../lib/bodega';
import type { AgingReport } from './api';
import { saveFile } from './parts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Open balances by days overdue, per customer and in total (GET /reports/receivables-aging). */
export function AgingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const asOf = DAY.test(params.get('asOf') ?? '') ? params.get('asOf')! : '';
  const query = asOf ? { asOf } : {};
  const aging = useQuery({
    queryKey: ['receivables', 'aging', query],
    queryFn: ({ signal }): Promise<AgingReport> =>
      unwrap(
        bodega.api.GET('/api/v1/reports/receivables-aging', { params: { query }, signal }),
      ) as Promise<AgingReport>,
    placeholderData: keepPreviousData,
  });
  const csv = useMutation({
    mutationFn: () => bodega.download('/api/v1/reports/receivables-aging', { query: { ...query, format: 'csv' } }),
    onSuccess: (file) => saveFile(file, 'aging.csv'),
  });

  const head = (
    <Group justify="space-between" align="end">
      <Title order={2}>{t('receivables.aging.title')}</Title>
      <Group align="end">
        <TextInput
          type="date"
          label={t('receivables.aging.asOf')}
          value={asOf}
          onChange={(e) =>
            setParams(
              (p) => {
                if (e.currentTarget.value) p.set('asOf', e.currentTarget.value);
                else p.delete('asOf');
                return p;
              },
              { replace: true },
            )
          }
        />
        <Button variant="default" loading={csv.isPending} onClick={() => csv.mutate()}>
          {t('receivables.downloadCsv')}
        </Button>
      </Group>
    </Group>
  );
  if (aging.isPending)
    return (
      <Stack>
        {head}
        <PageLoader />
      </Stack>
    );
  if (aging.isError)
    return (
      <Stack>
        {head}
        <ErrorAlert error={aging.error} />
      </Stack>
    );
  const { totals, customers, currency } = aging.data;
  const money = (cents: number) => format.money(cents, currency);
  const data = AGING_BUCKETS.map((b) => ({ bucket: t(`receivables.aging.buckets.${b}`), cents: totals[`${b}Cents`] }));

  return (
    <Stack>
      {head}
      {csv.isError && <ErrorAlert error={csv.error} />}
      <Text c="dimmed">{t('receivables.aging.asOfLine', { date: format.date(aging.data.asOf) })}</Text>
      <Card withBorder>
        <BarChart
          h={260}
          data={data}
          dataKey="bucket"
          series={[{ name: 'cents', label: t('receivables.aging.amount'), color: 'teal.6' }]}
          barProps={{ isAnimationActive: false }}
          valueFormatter={money}
          yAxisProps={moneyAxis(format, currency)}
          withTooltip
          role="img"
          aria-label={t('receivables.aging.chart')}
        />
      </Card>
      {customers.length === 0 ? (
        <Empty>{t('receivables.aging.empty')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover data-testid="aging-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('receivables.customer')}</Table.Th>
                {AGING_BUCKETS.map((b) => (
                  <Table.Th key={b} ta="right">
                    {t(`receivables.aging.buckets.${b}`)}
                  </Table.Th>
                ))}
                <Table.Th ta="right">{t('receivables.aging.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.map((c) => (
                <Table.Tr key={c.customerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/receivables/customers/${c.customerId}`}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  {AGING_BUCKETS.map((b, i) => (
                    <Table.Td key={b} ta="right" c={i > 0 && c[`${b}Cents`] > 0 ? 'red' : undefined}>
                      {money(c[`${b}Cents`])}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600}>
                    {money(c.totalCents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('receivables.aging.total')}</Table.Th>
                {AGING_BUCKETS.map((b) => (
                  <Table.Th key={b} ta="right">
                    {money(totals[`${b}Cents`])}
                  </Table.Th>
                ))}
                <Table.Th ta="right">{money(totals.totalCents)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
