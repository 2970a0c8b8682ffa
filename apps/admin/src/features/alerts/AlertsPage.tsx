import { errorText, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { ALERT_STATUSES, can, type AlertStatus } from '@bodega/domain';
import { Badge, Button, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';

const PAGE = 50;
const STATUS_COLOR: Record<AlertStatus, string> = { open: 'red', acknowledged: 'yellow', resolved: 'gray' };

export function AlertsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const canManage = !!user && can(user.role, 'alerts.manage');
  const queryClient = useQueryClient();
  const filter = useUrlFilters();
  // No status in the URL is the open alerts; one the page does not know (`all`) is every alert.
  const status = filter.params.has('status') ? (filter.oneOf('status', ALERT_STATUSES) ?? undefined) : 'open';

  const alerts = useKeysetList({
    queryKey: ['alerts', 'list', { status: status ?? 'all' }],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/alerts', {
          params: {
            query: { limit: PAGE, ...(status ? { status } : {}), ...cursor },
          },
          signal,
        }),
      ),
  });
  const acknowledge = useMutation({
    mutationFn: (id: number) =>
      unwrap(bodega.api.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: (alert) => {
      notifications.show({ color: 'teal', title: t('alerts.acknowledged'), message: alert.name });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('alerts.failed'), message: errorText(t, error) }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });

  return (
    <Stack>
      <Title order={2}>{t('alerts.title')}</Title>
      <SegmentedControl
        w="fit-content"
        aria-label={t('alerts.status')}
        value={status ?? 'all'}
        onChange={(v) => filter.set('status', v === 'open' ? null : v)}
        data={[...ALERT_STATUSES, 'all' as const].map((s) => ({ value: s, label: t(`alerts.statuses.${s}`) }))}
      />
      <QueryTable
        list={alerts}
        empty={t('alerts.empty')}
        minWidth={720}
        columns={[
          t('alerts.product'),
          t('alerts.type'),
          { label: t('alerts.available'), ta: 'right' },
          { label: t('alerts.reorderPoint'), ta: 'right' },
          t('alerts.openedAt'),
          t('alerts.status'),
          canManage && t('alerts.actions'),
        ]}
        striped
        data-testid="alerts-table"
      >
        {(a) => (
          <Table.Tr key={a.id} data-testid="alert">
            <Table.Td>
              <Text size="sm">{a.name}</Text>
              <Text size="xs" c="dimmed">
                {a.sku}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge color={a.type === 'out_of_stock' ? 'red' : 'orange'} variant="light">
                {t(`alerts.types.${a.type}`)}
              </Badge>
            </Table.Td>
            <Table.Td ta="right">{format.number(a.available)}</Table.Td>
            <Table.Td ta="right">{format.number(a.reorderPoint)}</Table.Td>
            <Table.Td>{format.dateTime(a.openedAt)}</Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[a.status]} variant="dot">
                {t(`alerts.statuses.${a.status}`)}
              </Badge>
            </Table.Td>
            {canManage && (
              <Table.Td>
                {a.status === 'open' && (
                  <Button
                    size="xs"
                    variant="default"
                    loading={acknowledge.isPending && acknowledge.variables === a.id}
                    onClick={() => acknowledge.mutate(a.id)}
                  >
                    {t('alerts.acknowledge')}
                  </Button>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        )}
      </QueryTable>
    </Stack>
  );
}
