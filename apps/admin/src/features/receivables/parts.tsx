import { useFormat } from '@bodega/app-kit';
import { Anchor, Badge, Card, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UrlFilters } from '../../components/url-filters';
import { dashboardQuery } from '../../lib/queries';
import { customerQuery, customerSearchQuery, type Debt } from './api';

/** Money in the business currency (from the dashboard call every staff role may make). */
export function useMoney(): (cents: number) => string {
  const format = useFormat();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  return (cents) => (currency ? format.money(cents, currency) : format.number(cents / 100));
}

/** "12.50" or "12,5" → 1250 cents, exactly (no floating point); null when it is not an amount. */
export function parseCents(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Cents as the plain decimal a user types back ("1250" → "12.50"). */
export const centsText = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The customer's name, linking to their statement. */
export function CustomerLink({ id }: { id: number }) {
  const customer = useQuery(customerQuery(id)).data;
  return (
    <Anchor component={Link} to={`/receivables/customers/${id}`}>
      {customer ? customer.name : `#${id}`}
    </Anchor>
  );
}

const STATUS_COLOR = { open: 'orange', partially_paid: 'yellow', paid: 'teal', cancelled: 'gray' } as const;

export function DebtStatusBadge({ debt }: { debt: Pick<Debt, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Badge color={STATUS_COLOR[debt.status]} variant="light">
        {t(`receivables.debtStatus.${debt.status}`)}
      </Badge>{' '}
      {debt.overdue && (
        <Badge color="red" variant="filled">
          {t('receivables.overdue')}
        </Badge>
      )}
    </>
  );
}

/** A searchable customer choice; `value` is the id as a string (URL-friendly), or null. */
export function CustomerPicker({
  value,
  onChange,
  label,
  error,
  clearable = true,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  error?: string | undefined;
  clearable?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({ ...customerSearchQuery(q), placeholderData: keepPreviousData });
  const chosen = useQuery({ ...customerQuery(Number(value)), enabled: value !== null });
  const options = new Map<string, string>();
  if (chosen.data) options.set(String(chosen.data.id), `${chosen.data.name} (${chosen.data.code})`);
  for (const c of found.data?.items ?? []) options.set(String(c.id), `${c.name} (${c.code})`);
  return (
    <Select
      label={label}
      placeholder={t('receivables.customerSearch')}
      searchable
      clearable={clearable}
      filter={({ options: all }) => all}
      nothingFoundMessage={t('receivables.noCustomer')}
      data={[...options].map(([v, l]) => ({ value: v, label: l }))}
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      error={error}
      miw={260}
    />
  );
}

/** A labelled value on a detail page. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} component="div">
        {children}
      </Text>
    </Card>
  );
}

/** Hands a downloaded file to the browser under the server's file name. */
export function saveFile(file: { blob: Blob; filename: string | null }, fallback: string) {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename ?? fallback;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A list filter kept in the URL that may be left at "any" (cleared). */
export function AnyFilter({
  filters,
  name,
  label,
  data,
  value,
}: {
  filters: UrlFilters;
  name: string;
  label: string;
  data: { value: string; label: string }[];
  /** The filter in force (validated by the page). */
  value: string | null;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={label}
      clearable
      placeholder={t('receivables.any')}
      data={data}
      value={value}
      onChange={(v) => filters.set(name, v)}
    />
  );
}

/** The customer filter of a receivables list (`?customerId=`). */
export function CustomerFilter({ filters }: { filters: UrlFilters }) {
  const { t } = useTranslation();
  return (
    <CustomerPicker
      label={t('receivables.customer')}
      value={filters.params.get('customerId')}
      onChange={(v) => filters.set('customerId', v)}
    />
  );
}
