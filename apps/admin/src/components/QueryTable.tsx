import { Empty, ErrorAlert, PageLoader } from '@bodega/app-kit';
import { Button, Group, Table, type TableProps } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One page of a keyset-paged list, as every list endpoint answers. */
export type KeysetPage<T> = { items: T[]; nextCursor: string | null };

/** What to spread into a list call's query: nothing on the first page, then the cursor. */
export type CursorParam = { cursor?: string };

type Options<T> = {
  queryKey: QueryKey;
  fetchPage: (page: CursorParam, signal: AbortSignal) => Promise<KeysetPage<T>>;
  /** Keep showing the last rows while a changed filter loads (default); off where the key names another record. */
  keepPrevious?: boolean;
};

/**
 * A list read page by page with the API's keyset cursor ("load more"), as TanStack Query's
 * infinite query; `rows` are the pages' items in order.
 */
export function useKeysetList<T>({ queryKey, fetchPage, keepPrevious = true }: Options<T>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam ? { cursor: pageParam } : {}, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
  const rows: T[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, rows };
}

type Paging = Pick<ReturnType<typeof useKeysetList>, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

/**
 * A list query as the list views read it: `useKeysetList`'s result, or any query with its rows
 * (`{ ...locations, rows: locations.data?.items ?? [] }`), which then has no "load more".
 */
export type ListQuery<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  rows: readonly T[];
} & Partial<Paging>;

/** The "load more" button under a keyset list, shown while the API has a next page. */
export function LoadMore({ list }: { list: Partial<Paging> }) {
  const { t } = useTranslation();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  if (!hasNextPage || !fetchNextPage) return null;
  return (
    <Group>
      <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </Group>
  );
}

/**
 * A list's states: a loader on the first page, the error, `empty` when there are no rows, else
 * the rows (a table, usually) and, for a keyset list, the "load more" button.
 */
export function QueryList<T>({
  list,
  empty,
  children,
}: {
  list: ListQuery<T>;
  empty: string;
  children: (rows: readonly T[]) => ReactNode;
}) {
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (list.rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      {children(list.rows)}
      <LoadMore list={list} />
    </>
  );
}

/** A column's header: its words, or its content (a select-all box) with its alignment and width. */
export type Column = string | { label?: ReactNode; ta?: 'right' | 'center'; w?: number };

/**
 * A list shown as a table: the states of `QueryList`, then a scrolling table with the
 * `columns`' headers (a `false` column is left out, for one a role does not see) and a row per
 * item, then "load more".
 */
export function QueryTable<T>({
  list,
  empty,
  minWidth,
  columns,
  children,
  ...table
}: Omit<TableProps, 'children'> & {
  list: ListQuery<T>;
  empty: string;
  minWidth: number;
  columns: readonly (Column | false)[];
  /** One `<Table.Tr key=…>` per item. */
  children: (row: T) => ReactNode;
}) {
  return (
    <QueryList list={list} empty={empty}>
      {(rows) => (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table {...table}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column, i) => {
                  if (column === false) return null;
                  const { label, ...props } = typeof column === 'string' ? { label: column } : column;
                  return (
                    <Table.Th key={i} {...props}>
                      {label}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows.map((row) => children(row))}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryList>
  );
}
