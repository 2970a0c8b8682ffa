import type { Realtime, RealtimeState } from '@bodega/client';
import type { DomainEventName } from '@bodega/contract';
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

export function useRealtimeState(realtime: Realtime): RealtimeState {
  return useSyncExternalStore(
    (listener) => realtime.subscribe(listener),
    () => realtime.state,
  );
}

/** For each event, the first element of the query keys it makes stale (`['orders']`, `['stock']`…). */
export type LiveMap = Partial<Record<DomainEventName, readonly string[]>>;

/**
 * Screens refresh from live events by invalidating the query keys the event touches (GUIDE 14).
 * Events are gathered for `delayMs` and each key root is invalidated once per batch, so a burst
 * of 50 events costs one refetch per query on screen, not 50; only active queries refetch.
 * A new `connected` after a drop invalidates everything: missed events are not replayed.
 */
export function liveInvalidation(
  realtime: Realtime,
  queryClient: QueryClient,
  map: LiveMap,
  options: { delayMs?: number } = {},
): () => void {
  const delayMs = options.delayMs ?? 250;
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const roots = [...pending];
    pending.clear();
    for (const root of roots) void queryClient.invalidateQueries({ queryKey: [root] });
  };
  const offs = (Object.keys(map) as DomainEventName[]).map((event) =>
    realtime.on(event, () => {
      for (const root of map[event] ?? []) pending.add(root);
      timer ??= setTimeout(flush, delayMs);
    }),
  );
  let wasConnected = realtime.state === 'connected';
  const offState = realtime.subscribe((state) => {
    if (state === 'connected' && !wasConnected) void queryClient.invalidateQueries();
    wasConnected = state === 'connected';
  });
  return () => {
    for (const off of offs) off();
    offState();
    if (timer) clearTimeout(timer);
  };
}
