import { ErrorAlert, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import type { PurchaseOrdersFromSuggestionsResult } from '@bodega/contract';
import { Alert, Anchor, Button, Checkbox, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';
import { jsonOnly } from '../../lib/report-files';

const PAGE = 100;

/** Products at or below their reorder point; the chosen ones become one draft per preferred supplier. */
export function ReorderSuggestionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [result, setResult] = useState<PurchaseOrdersFromSuggestionsResult | null>(null);

  const suggestions = useKeysetList({
    queryKey: ['reports', 'reorder-suggestions'],
    // The route also answers CSV (format=csv); this screen asks for JSON.
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/reports/reorder-suggestions', {
          params: { query: { limit: PAGE, ...cursor } },
          signal,
        }),
      ).then(jsonOnly),
  });
  const { rows } = suggestions;
  const draft = useMutation({
    mutationFn: (productIds: number[]) =>
      unwrap(bodega.api.POST('/api/v1/purchase-orders/from-suggestions', { body: { productIds } })),
    onSuccess: async (res) => {
      setResult(res);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['purchase-orders'] });
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });

  const money = (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));
  const allChosen = rows.length > 0 && rows.every((r) => selected.has(r.productId));
  const toggle = (productId: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(productId);
      else next.delete(productId);
      return next;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('purchasing.suggestions.title')}</Title>
        <Button disabled={selected.size === 0} loading={draft.isPending} onClick={() => draft.mutate([...selected])}>
          {t('purchasing.suggestions.draft', { count: selected.size })}
        </Button>
      </Group>
      <Text c="dimmed">{t('purchasing.suggestions.help')}</Text>
      {draft.error ? <ErrorAlert error={draft.error} /> : null}
      {result && (
        <Alert
          color={result.items.length ? 'teal' : 'orange'}
          role="status"
          title={t('purchasing.suggestions.resultTitle')}
        >
          <Stack gap="xs">
            {result.items.length > 0 && (
              <List>
                {result.items.map((po) => (
                  <List.Item key={po.id}>
                    <Anchor component={Link} to={`/purchase-orders/${po.id}`}>
                      {t('purchasing.suggestions.created', { number: po.number, supplier: po.supplierName })}
                    </Anchor>
                  </List.Item>
                ))}
              </List>
            )}
            {result.skipped.length > 0 && (
              <>
                <Text fw={600}>{t('purchasing.suggestions.skippedTitle')}</Text>
                <List>
                  {result.skipped.map((s) => (
                    <List.Item key={s.productId}>
                      {t('purchasing.suggestions.skippedLine', {
                        sku: s.sku,
                        name: s.name,
                        reason: t(`purchasing.suggestions.reason.${s.reason}`),
                      })}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </Alert>
      )}
      <QueryTable
        list={suggestions}
        empty={t('purchasing.suggestions.empty')}
        minWidth={900}
        columns={[
          {
            label: (
              <Checkbox
                aria-label={t('purchasing.suggestions.selectAll')}
                checked={allChosen}
                indeterminate={!allChosen && selected.size > 0}
                onChange={(e) => setSelected(new Set(e.currentTarget.checked ? rows.map((r) => r.productId) : []))}
              />
            ),
            w: 40,
          },
          t('purchasing.sku'),
          t('purchasing.product'),
          { label: t('purchasing.suggestions.available'), ta: 'right' },
          { label: t('purchasing.suggestions.reorderPoint'), ta: 'right' },
          { label: t('purchasing.suggestions.incoming'), ta: 'right' },
          { label: t('purchasing.suggestions.sold30'), ta: 'right' },
          { label: t('purchasing.suggestions.suggested'), ta: 'right' },
          t('purchasing.supplier'),
          { label: t('purchasing.suggestions.estimatedCost'), ta: 'right' },
        ]}
        striped
        highlightOnHover
      >
        {(r) => (
          <Table.Tr key={r.productId}>
            <Table.Td>
              <Checkbox
                aria-label={t('purchasing.suggestions.select', { name: r.name })}
                checked={selected.has(r.productId)}
                onChange={(e) => toggle(r.productId, e.currentTarget.checked)}
              />
            </Table.Td>
            <Table.Td>{r.sku}</Table.Td>
            <Table.Td>{r.name}</Table.Td>
            <Table.Td ta="right">{format.number(r.available)}</Table.Td>
            <Table.Td ta="right">{format.number(r.reorderPoint)}</Table.Td>
            <Table.Td ta="right">{format.number(r.incoming)}</Table.Td>
            <Table.Td ta="right">{format.number(r.soldLast30Days)}</Table.Td>
            <Table.Td ta="right">{format.number(r.suggestedQuantity)}</Table.Td>
            <Table.Td>
              {r.supplierName ?? (
                <Text span c="orange" size="sm">
                  {t('purchasing.suggestions.reason.no_preferred_supplier')}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{money(r.estimatedCostCents)}</Table.Td>
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
