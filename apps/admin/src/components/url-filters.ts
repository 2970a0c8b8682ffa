import { useDebouncedCallback } from '@mantine/hooks';
import { useState, type ChangeEvent } from 'react';
import { useSearchParams } from 'react-router';

/** A calendar day as the URL and `<input type="date">` write it. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type UrlFilters = {
  params: URLSearchParams;
  /** Sets one filter (an empty value removes it), replacing the history entry. */
  set: (key: string, value: string | null) => void;
  /** Removes every filter. */
  clear: () => void;
  /** The filter when it is one of `list`, else null (a hand-edited URL falls back to "any"). */
  oneOf: <T extends string>(key: string, list: readonly T[]) => T | null;
  /** The filter when it is a `YYYY-MM-DD` day, else ''. */
  day: (key: string) => string;
  /** The filter as a positive id, else undefined. */
  id: (key: string) => number | undefined;
};

/**
 * A list page's filters, kept in the URL so a view can be shared and survives a reload. Reads
 * are validated: a value the page does not know reads as no filter.
 */
export function useUrlFilters(): UrlFilters {
  const [params, setParams] = useSearchParams();
  return {
    params,
    set: (key, value) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    clear: () => setParams(new URLSearchParams(), { replace: true }),
    oneOf: <T extends string>(key: string, list: readonly T[]) => {
      const value = params.get(key);
      return value !== null && (list as readonly string[]).includes(value) ? (value as T) : null;
    },
    day: (key) => {
      const value = params.get(key) ?? '';
      return DAY.test(value) ? value : '';
    },
    id: (key) => Number(params.get(key)) || undefined,
  };
}

/**
 * A search box over the URL filter `key`: the box follows every keystroke, the URL (and so the
 * query) follows 250 ms after the last one, trimmed. `q` is the search in force.
 */
export function useUrlSearch(filters: UrlFilters, key = 'q') {
  const q = filters.params.get(key) ?? '';
  const [text, setText] = useState(q);
  const write = useDebouncedCallback((value: string) => filters.set(key, value.trim() || null), 250);
  return {
    q,
    input: {
      value: text,
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        setText(e.currentTarget.value);
        write(e.currentTarget.value);
      },
    },
  };
}
