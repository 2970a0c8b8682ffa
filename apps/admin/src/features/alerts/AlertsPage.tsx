import { errorText, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { ALERT_STATUSES, can, type AlertStatus } from '@bodega/domain';
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Empty, ErrorAlert, PageLoader } from '../../components/placeholders';
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
  const [params, setParams] = useSearchParams();
  const param = params.get('status') ?? 'open';
  const status = ALERT_STATUSES.includes(param as AlertStatus) ? (param as AlertStatus) : undefined;

  const alerts = useInfiniteQuery({
    queryKey: ['alerts', 'list', { status: status ?? 'all' }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/alerts', {
          params: {
            query: { limit: PAGE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
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
  const rows = alerts.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('alerts.title')}</Title>
      <SegmentedControl
        w="fit-content"
        aria-label={t('alerts.status')}
        value={status ?? 'all'}
        onChange={(v) => setParams(v === 'open' ? {} : { status: v }, { replace: true })}
        data={[...ALERT_STATUSES, 'all' as const].map((s) => ({ value: s, label: t(`alerts.statuses.${s}`) }))}
      />
      {alerts.isPending ? (
        <PageLoader />
      ) : alerts.isError ? (
        <ErrorAlert error={alerts.error} />
      ) : rows.length === 0 ? (
        <Empty>{t('alerts.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="alerts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('alerts.product')}</Table.Th>
                  <Table.Th>{t('alerts.type')}</Table.Th>
                  <Table.Th ta="right">{t('alerts.available')}</Table.Th>
                  <Table.Th ta="right">{t('alerts.reorderPoint')}</Table.Th>
                  <Table.Th>{t('alerts.openedAt')}</Table.Th>
                  <Table.Th>{t('alerts.status')}</Table.Th>
                  {canManage && <Table.Th>{t('alerts.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
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
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {alerts.hasNextPage && (
            <Group>
              <Button variant="default" loading={alerts.isFetchingNextPage} onClick={() => void alerts.fetchNextPage()}>
                {t('alerts.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
