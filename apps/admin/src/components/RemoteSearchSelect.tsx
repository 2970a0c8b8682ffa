import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export type RemoteOption = { value: number; label: string };

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange'> & {
  /** The query key's root and a name for this list: ['products', 'picker']. */
  queryKey: readonly [string, string];
  /** The options for a search text (the server searches; an empty text lists the first page). */
  search: (q: string, signal: AbortSignal) => Promise<RemoteOption[]>;
  value: number | null;
  /** The chosen option's label, so it shows before (or without) a search that returns it. */
  selected?: RemoteOption | null;
  onChange: (option: RemoteOption | null) => void;
};

/**
 * A searchable select whose options come from the API as the user types (products, suppliers):
 * the server does the matching, so the list stays small at 100,000 records.
 */
export function RemoteSearchSelect({ queryKey, search, value, selected, onChange, ...rest }: Props) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<RemoteOption | null>(selected ?? null);
  const current = chosen && chosen.value === value ? chosen : (selected ?? null);
  const typed = current && text === current.label ? '' : text.trim();
  const [q] = useDebouncedValue(typed, 250);
  const options = useQuery({
    queryKey: [...queryKey, { q }],
    queryFn: ({ signal }) => search(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const found = options.data ?? [];
  const all = current && !found.some((o) => o.value === current.value) ? [current, ...found] : found;
  return (
    <Select
      {...rest}
      searchable
      filter={({ options: items }) => items}
      data={all.map((o) => ({ value: String(o.value), label: o.label }))}
      value={value === null ? null : String(value)}
      searchValue={text}
      onSearchChange={setText}
      onChange={(v) => {
        const option = all.find((o) => String(o.value) === v) ?? null;
        setChosen(option);
        onChange(option);
      }}
    />
  );
}
