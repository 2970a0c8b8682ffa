import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSignedIn } from '../../lib/session';
import { queueFor } from './runtime';

const RETRY_MS = 20_000;
const KEEP_PLACED_MS = 24 * 3600 * 1000;

/**
 * Sends the queued orders: when the app opens (entries left `queued` or `sending` by a closed
 * tab), when the connection returns (`online`), and every 20 s while some wait (a server that
 * was down). A placed order makes the orders list and the balance stale.
 */
export function QueueRunner() {
  const user = useSignedIn();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (user.role !== 'customer') return;
    const queue = queueFor(user.id);
    queue.prunePlaced(KEEP_PLACED_MS);
    let placed = new Set(
      queue
        .entries()
        .filter((e) => e.state === 'placed')
        .map((e) => e.id),
    );
    const off = queue.subscribe(() => {
      const now = new Set(
        queue
          .entries()
          .filter((e) => e.state === 'placed')
          .map((e) => e.id),
      );
      if ([...now].some((id) => !placed.has(id))) {
        void queryClient.invalidateQueries({ queryKey: ['orders'] });
        void queryClient.invalidateQueries({ queryKey: ['receivables'] });
        void queryClient.invalidateQueries({ queryKey: ['products'] });
      }
      placed = now;
    });
    const drain = () => void queue.drain();
    drain();
    window.addEventListener('online', drain);
    const timer = setInterval(() => {
      if (queue.entries().some((e) => e.state === 'queued' || e.state === 'sending')) drain();
    }, RETRY_MS);
    return () => {
      off();
      window.removeEventListener('online', drain);
      clearInterval(timer);
    };
  }, [user.id, user.role, queryClient]);
  return null;
}
