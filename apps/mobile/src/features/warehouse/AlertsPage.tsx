import { errorText, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { Alert, Badge, Button, Card, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { bodega } from '../../lib/bodega';

/** Open stock alerts (live), newest first, each acknowledged with one tap. */
export default function AlertsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const alerts = useInfiniteQuery({
    queryKey: ['alerts', { status: 'open' }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/alerts', {
          params: { query: { status: 'open', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const acknowledge = useMutation({
    mutationFn: (id: number) =>
      unwrap(bodega.api.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });

  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('warehouse.alerts.title')}</Title>
      {acknowledge.isError && (
        <Alert color="red" role="alert">
          {errorText(t, acknowledge.error)}
        </Alert>
      )}
      {alerts.isPending ? (
        <Center py="lg">
          <Loader />
        </Center>
      ) : alerts.isError ? (
        <Alert color="red" role="alert">
          {errorText(t, alerts.error)}
        </Alert>
      ) : items.length === 0 ? (
        <Alert color="gray" data-testid="empty">
          {t('warehouse.alerts.none')}
        </Alert>
      ) : (
        items.map((a) => (
          <Card key={a.id} withBorder padding="sm" data-testid="alert-card">
            <Group justify="space-between" wrap="nowrap" align="start">
              <div style={{ minWidth: 0 }}>
                <Text fw={700} lineClamp={2}>
                  {a.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {a.sku} · {fmt.dateTime(a.openedAt)}
                </Text>
                <Text size="sm">
                  {t('warehouse.alerts.levels', {
                    available: fmt.number(a.available),
                    reorderPoint: fmt.number(a.reorderPoint),
                  })}
                </Text>
              </div>
              <Badge color={a.type === 'out_of_stock' ? 'red' : 'orange'}>{t(`warehouse.alerts.type.${a.type}`)}</Badge>
            </Group>
            <Button
              mt="sm"
              size="md"
              fullWidth
              variant="light"
              loading={acknowledge.isPending && acknowledge.variables === a.id}
              onClick={() => acknowledge.mutate(a.id)}
            >
              {t('warehouse.alerts.acknowledge')}
            </Button>
          </Card>
        ))
      )}
      {alerts.hasNextPage && (
        <Button variant="default" onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>
          {t('warehouse.alerts.more')}
        </Button>
      )}
    </Stack>
  );
}
