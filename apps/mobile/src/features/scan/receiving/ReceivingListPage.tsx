import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { Badge, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { openPurchaseOrdersQuery } from '../api';

/** The purchase orders goods may arrive against: pick the one on the truck. */
export default function ReceivingListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const orders = useQuery(openPurchaseOrdersQuery);
  return (
    <Stack>
      <Title order={2}>{t('scan.receive.title')}</Title>
      {orders.isPending ? (
        <PageLoader />
      ) : orders.isError ? (
        <ErrorAlert error={orders.error} />
      ) : orders.data.length === 0 ? (
        <Empty>{t('scan.receive.none')}</Empty>
      ) : (
        orders.data.map((po) => (
          <UnstyledButton key={po.id} component={Link} to={`/warehouse/receiving/${po.id}`}>
            <Card withBorder padding="md">
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={700}>{po.number}</Text>
                  <Text size="sm">{po.supplierName}</Text>
                  {po.expectedDate && (
                    <Text size="xs" c="dimmed">
                      {t('scan.receive.expected', { date: fmt.date(po.expectedDate) })}
                    </Text>
                  )}
                </div>
                <Stack gap={4} align="end">
                  <Badge color={po.status === 'sent' ? 'blue' : 'yellow'}>
                    {t(`scan.receive.status.${po.status}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t('scan.receive.lineCount', { count: po.lineCount })}
                  </Text>
                </Stack>
              </Group>
            </Card>
          </UnstyledButton>
        ))
      )}
    </Stack>
  );
}
