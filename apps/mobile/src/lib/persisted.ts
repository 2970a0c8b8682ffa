import { dehydrate, hydrate, type DehydratedState, type Query, type QueryClient } from '@tanstack/react-query';
import { bodega } from './bodega';

/**
 * What the first screen needs, kept on the device between visits: the catalog's first page, the
 * categories and the customer's own record (for the currency). At start-up they are put back
 * into the query cache, stale, so the catalog is drawn at once from them and refetched at the
 * same moment; the fresh answer replaces them a round trip later. They belong to one user:
 * kept with that user's id, dropped at sign-out and never shown to anyone else.
 */
const KEY = 'bodega.mobile.firstScreen';

type Kept = { userId: number; state: DehydratedState };

/** The catalog's unfiltered first page, the categories, the own customer record. */
function isKept(query: Query): boolean {
  const [root, second, third] = query.queryKey as unknown[];
  if (query.state.status !== 'success') return false;
  if (root === 'categories' || (root === 'customers' && second === 'me')) return true;
  if (root !== 'products' || second !== 'shop' || typeof third !== 'object' || third === null) return false;
  const filters = third as { q?: string; categoryId?: number | null };
  return !filters.q && !filters.categoryId;
}

/** An infinite query keeps its first page only. */
function firstPageOnly(state: DehydratedState): DehydratedState {
  return {
    ...state,
    queries: state.queries.map((q) => {
      const data = q.state.data as { pages?: unknown[]; pageParams?: unknown[] } | undefined;
      if (!data?.pages || !data.pageParams) return q;
      return {
        ...q,
        state: { ...q.state, data: { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } },
      };
    }),
  };
}

/** Puts back what `userId` had kept (nothing for anyone else), then keeps what changes. */
export function keepFirstScreen(client: QueryClient, userId: number | null): () => void {
  if (userId !== null) {
    try {
      const kept = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Kept | null;
      if (kept?.userId === userId) hydrate(client, kept.state);
    } catch {
      localStorage.removeItem(KEY);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    timer = undefined;
    const user = bodega.session.user;
    if (!user) return;
    const state = firstPageOnly(dehydrate(client, { shouldDehydrateQuery: isKept }));
    try {
      localStorage.setItem(KEY, JSON.stringify({ userId: user.id, state } satisfies Kept));
    } catch {
      // A full storage only costs the next start its head start.
    }
  };
  const offCache = client.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'success' && isKept(event.query)) {
      timer ??= setTimeout(save, 100);
    }
  });
  const offSession = bodega.session.subscribe((state) => {
    if (state.status === 'signed_in' && userId !== null && state.user.id !== userId) {
      // The server's user is not the one remembered (another tab changed it): drop what was put back.
      client.removeQueries({ predicate: isKept });
    }
    if (state.status === 'signed_out') {
      clearTimeout(timer);
      timer = undefined;
      localStorage.removeItem(KEY);
    }
  });
  // A page closed or reloaded within the delay still keeps the last answer.
  const flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      save();
    }
  };
  window.addEventListener('pagehide', flush);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('pagehide', flush);
    offCache();
    offSession();
  };
}
