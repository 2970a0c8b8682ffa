import type { RealtimeState } from '@bodega/client';
import { useSyncExternalStore } from 'react';
import { realtime } from './bodega';

export function useRealtimeState(): RealtimeState {
  return useSyncExternalStore(
    (listener) => realtime.subscribe(listener),
    () => realtime.state,
  );
}
