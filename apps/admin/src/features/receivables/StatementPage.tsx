import { Empty, ErrorAlert, PageLoader, useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { can } from '@bodega/domain';
import { Badge, Button, Group, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { UrlDayInput } from '../../components/UrlDayInput';
import { useUrlFilters } from '../../components/url-filters';
import { bodega } from '../../lib/bodega';
import { useStaffUser } from '../../lib/session';
import type { Statement } from './api';
import { Field, saveFile } from './parts';

const KIND_COLOR = { debt: 'orange', payment: 'teal', credit: 'blue', void: 'gray' } as const;

/** A customer's statement: opening balance, every movement with a running balance, closing balance. */
export function StatementPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const user = useStaffUser();
  const id = Number(useParams().id);
  const filter = useUrlFilters();
  const from = filter.day('from');
  const to = filter.day('to');
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };

  const statement = useQuery({
    queryKey: ['receivables', 'statement', id, range],
    queryFn: ({ signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/customers/{id}/statement', { params: { path: { id }, query: range }, signal }),
      ) as Promise<Statement>,
    placeholderData: keepPreviousData,
  });
  const download = useMutation({
    mutationFn: async (kind: 'pdf' | 'csv') => {
      const lang = i18n.language === 'es' ? 'es' : 'en';
      const file = await bodega.download('/api/v1/customers/{id}/statement', {
        path: { id },
        query: { ...range, format: kind, ...(kind === 'pdf' ? { lang } : {}) },
      });
      saveFile(file, `statement-${id}.${kind}`);
    },
  });

  const s = statement.data ?? null;
  const money = (cents: number) => (s ? format.money(cents, s.currency) : format.number(cents / 100));

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>
          {s ? t('receivables.statement.titleOf', { name: s.customerName }) : t('receivables.statement.title')}
        </Title>
        <Group>
          {user && can(user.role, 'receivables.manage') && (
            <Button component={Link} to={`/receivables/payments/new?customerId=${id}`}>
              {t('receivables.recordPayment')}
            </Button>
          )}
          <Button
            variant="default"
            loading={download.isPending && download.variables === 'pdf'}
            onClick={() => download.mutate('pdf')}
          >
            {t('receivables.downloadPdf')}
          </Button>
          <Button
            variant="default"
            loading={download.isPending && download.variables === 'csv'}
            onClick={() => download.mutate('csv')}
          >
            {t('receivables.downloadCsv')}
          </Button>
        </Group>
      </Group>
      <Group align="end">
        <UrlDayInput filters={filter} name="from" label={t('receivables.from')} />
        <UrlDayInput filters={filter} name="to" label={t('receivables.to')} />
      </Group>
      {download.isError && <ErrorAlert error={download.error} />}
      {statement.isPending ? (
        <PageLoader />
      ) : statement.isError ? (
        <ErrorAlert error={statement.error} />
      ) : !s ? (
        <ErrorAlert error={null} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Field label={t('receivables.statement.opening')}>
              <span data-testid="opening-balance">{money(s.openingBalanceCents)}</span>
            </Field>
            <Field label={t('receivables.statement.closing')}>
              <span data-testid="closing-balance">{money(s.closingBalanceCents)}</span>
            </Field>
          </SimpleGrid>
          {s.entries.length === 0 ? (
            <Empty>{t('receivables.statement.empty')}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="statement">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('receivables.date')}</Table.Th>
                    <Table.Th>{t('receivables.statement.kind')}</Table.Th>
                    <Table.Th>{t('receivables.reference')}</Table.Th>
                    <Table.Th>{t('receivables.statement.description')}</Table.Th>
                    <Table.Th ta="right">{t('receivables.statement.debit')}</Table.Th>
                    <Table.Th ta="right">{t('receivables.statement.credit')}</Table.Th>
                    <Table.Th ta="right">{t('receivables.statement.balance')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Td colSpan={6}>{t('receivables.statement.opening')}</Table.Td>
                    <Table.Td ta="right">{money(s.openingBalanceCents)}</Table.Td>
                  </Table.Tr>
                  {s.entries.map((e, i) => (
                    <Table.Tr key={i} data-kind={e.kind}>
                      <Table.Td>{format.date(e.date)}</Table.Td>
                      <Table.Td>
                        <Badge color={KIND_COLOR[e.kind]} variant="light">
                          {t(`receivables.statement.kinds.${e.kind}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{e.reference}</Table.Td>
                      <Table.Td>{e.description}</Table.Td>
                      <Table.Td ta="right">{e.debitCents ? money(e.debitCents) : ''}</Table.Td>
                      <Table.Td ta="right">{e.creditCents ? money(e.creditCents) : ''}</Table.Td>
                      <Table.Td ta="right">{money(e.balanceCents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={6}>{t('receivables.statement.closing')}</Table.Th>
                    <Table.Th ta="right">{money(s.closingBalanceCents)}</Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
