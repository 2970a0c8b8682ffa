import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import type { AuditEntry } from '@bodega/contract';
import { Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UrlDayInput } from '../../components/UrlDayInput';
import { useUrlFilters } from '../../components/url-filters';
import { QueryTable, useKeysetList } from '../../components/QueryTable';
import { bodega } from '../../lib/bodega';

const PAGE = 50;
const ENTITIES = [
  'category',
  'customer',
  'debt',
  'inventory_snapshot',
  'location',
  'order',
  'payment',
  'product',
  'purchase_order',
  'return',
  'settings',
  'stock_alert',
  'stock_receipt',
  'supplier',
  'supplier_product',
  'user',
] as const;
const FILTERS = ['entity', 'action', 'actorId', 'from', 'to'] as const;

/** A calendar day typed in the filter, as the instant it starts (or ends) in the browser's zone. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const dayEnd = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** Before and after, field by field; the changed fields stand out. */
function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const objects = typeof before === 'object' && typeof after === 'object';
  if (!objects) {
    return (
      <Code block>
        {show(entry.before)} → {show(entry.after)}
      </Code>
    );
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <Stack gap="xs" data-testid="audit-details">
      {entry.reason && (
        <Text size="sm">
          {t('audit.reason')}: {entry.reason}
        </Text>
      )}
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.field')}</Table.Th>
            <Table.Th>{t('audit.before')}</Table.Th>
            <Table.Th>{t('audit.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const changed = show(before[key]) !== show(after[key]);
            return (
              <Table.Tr key={key} fw={changed ? 700 : undefined} data-changed={changed || undefined}>
                <Table.Td>{key}</Table.Td>
                <Table.Td>
                  <Code>{entry.before === null ? '—' : show(before[key])}</Code>
                </Table.Td>
                <Table.Td>
                  <Code>{entry.after === null ? '—' : show(after[key])}</Code>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {entry.requestId && (
        <Text size="xs" c="dimmed">
          {t('audit.requestId')}: {entry.requestId}
        </Text>
      )}
    </Stack>
  );
}

/** Who changed what, newest first; filters in the URL so a view can be shared. */
export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const url = useUrlFilters();
  const [open, setOpen] = useState<number | null>(null);
  const [action, setAction] = useState(url.params.get('action') ?? '');
  const filter = Object.fromEntries(FILTERS.map((k) => [k, url.params.get(k) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;

  const staff = useQuery({
    queryKey: ['users', 'audit-actors'],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/users', { params: { query: { limit: 100 } }, signal })),
    staleTime: 5 * 60_000,
  });
  const actorName = new Map((staff.data?.items ?? []).map((u) => [u.id, u.email]));

  const entries = useKeysetList({
    queryKey: ['audit', 'list', filter],
    fetchPage: (cursor, signal) =>
      unwrap(
        bodega.api.GET('/api/v1/audit-log', {
          params: {
            query: {
              limit: PAGE,
              ...(filter.entity ? { entity: filter.entity } : {}),
              ...(filter.action ? { action: filter.action } : {}),
              ...(filter.actorId ? { actorId: Number(filter.actorId) } : {}),
              ...(filter.from ? { from: dayStart(filter.from) } : {}),
              ...(filter.to ? { to: dayEnd(filter.to) } : {}),
              ...cursor,
            },
          },
          signal,
        }),
      ),
  });

  const anyFilter = FILTERS.some((k) => filter[k]);
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('audit.entity')}
          clearable
          searchable
          placeholder={t('audit.any')}
          value={filter.entity || null}
          data={ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
          onChange={(v) => url.set('entity', v)}
          w={200}
        />
        <TextInput
          label={t('audit.action')}
          placeholder={t('audit.actionPlaceholder')}
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
          onBlur={() => url.set('action', action.trim() || null)}
          onKeyDown={(e) => e.key === 'Enter' && url.set('action', action.trim() || null)}
          w={200}
        />
        <Select
          label={t('audit.user')}
          clearable
          searchable
          placeholder={t('audit.any')}
          value={filter.actorId || null}
          data={(staff.data?.items ?? [])
            .filter((u) => u.role !== 'customer')
            .map((u) => ({ value: String(u.id), label: u.email }))}
          onChange={(v) => url.set('actorId', v)}
          w={240}
        />
        <UrlDayInput filters={url} name="from" label={t('audit.from')} />
        <UrlDayInput filters={url} name="to" label={t('audit.to')} />
        {anyFilter && (
          <Button
            variant="subtle"
            onClick={() => {
              setAction('');
              url.clear();
            }}
          >
            {t('audit.clear')}
          </Button>
        )}
      </Group>
      <QueryTable
        list={entries}
        empty={anyFilter ? t('audit.noMatch') : t('audit.empty')}
        minWidth={720}
        columns={[t('audit.when'), t('audit.user'), t('audit.action'), t('audit.entity'), '']}
        highlightOnHover
      >
        {(e) => (
          <Fragment key={e.id}>
            <Table.Tr data-testid="audit-row">
              <Table.Td>{format.dateTime(e.createdAt)}</Table.Td>
              <Table.Td>
                {e.actorId === null ? t('audit.system') : (actorName.get(e.actorId) ?? `#${e.actorId}`)}
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{e.action}</Badge>
              </Table.Td>
              <Table.Td>
                {t(`audit.entities.${e.entity}`, { defaultValue: e.entity })}
                {e.entityId ? ` #${e.entityId}` : ''}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="subtle"
                  aria-expanded={open === e.id}
                  onClick={() => setOpen(open === e.id ? null : e.id)}
                >
                  {open === e.id ? t('audit.hide') : t('audit.details')}
                </Button>
              </Table.Td>
            </Table.Tr>
            {open === e.id && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Changes entry={e} />
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        )}
      </QueryTable>
    </Stack>
  );
}
