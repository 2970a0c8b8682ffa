import { unwrap } from '@bodega/client';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { bodega } from '../../lib/bodega';
import { customerQuery } from './queries';

type Props = {
  label: string;
  value: number | null;
  onChange: (id: number | null) => void;
  activeOnly?: boolean;
  error?: string | undefined;
  required?: boolean;
  w?: number;
};

/** A customer by search on the server (name, code, email, tax id); the chosen one stays listed. */
export function CustomerPicker({ label, value, onChange, activeOnly, error, required, w }: Props) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const chosen = useQuery({ ...customerQuery(value ?? 0), enabled: value !== null });
  const found = useQuery({
    queryKey: ['customers', 'list', { q, picker: true, activeOnly }],
    queryFn: ({ signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/customers', {
          params: { query: { limit: 20, ...(q ? { q } : {}), ...(activeOnly ? { active: 'true' } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const options = new Map<string, string>();
  if (chosen.data) options.set(String(chosen.data.id), `${chosen.data.name} (${chosen.data.code})`);
  for (const c of found.data?.items ?? []) options.set(String(c.id), `${c.name} (${c.code})`);

  return (
    <Select
      label={label}
      searchable
      clearable
      required={required}
      w={w}
      error={error}
      filter={({ options: all }) => all}
      data={[...options].map(([v, l]) => ({ value: v, label: l }))}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage="—"
    />
  );
}
