import { TextInput, type TextInputProps } from '@mantine/core';
import type { UrlFilters } from './url-filters';

/**
 * A day filter kept in the URL (`?from=2026-01-31`) as a date input: empty when the URL's value
 * is not a day, and clearing it removes the filter.
 */
export function UrlDayInput({
  filters,
  name,
  ...props
}: Omit<TextInputProps, 'type' | 'value' | 'onChange' | 'name'> & { filters: UrlFilters; name: string }) {
  return (
    <TextInput
      {...props}
      type="date"
      value={filters.day(name)}
      onChange={(e) => filters.set(name, e.currentTarget.value || null)}
    />
  );
}
