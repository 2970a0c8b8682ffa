import { useSyncExternalStore } from 'react';
import { bodega } from '../../lib/bodega';
import { localLock, OrderQueue, type Lock, type QueuedOrder, type QueueStorage, type SendResult } from './queue';

/** The browser's side of the queue: localStorage (one key per entry), Web Locks, the API. */

const PREFIX = 'bodega.mobile.queue.';

function localStorageQueue(userId: number): QueueStorage {
  const prefix = `${PREFIX}${userId}.`;
  const read = (key: string): QueuedOrder | undefined => {
    const raw = localStorage.getItem(key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as QueuedOrder;
    } catch {
      return undefined;
    }
  };
  return {
    list() {
      const out: QueuedOrder[] = [];
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!key?.startsWith(prefix)) continue;
        const entry = read(key);
        if (entry) out.push(entry);
      }
      return out.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    },
    get: (id) => read(prefix + id),
    put: (entry) => localStorage.setItem(prefix + entry.id, JSON.stringify(entry)),
    remove: (id) => localStorage.removeItem(prefix + id),
  };
}

type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };
const webLocks = import.meta.env.SSR ? undefined : (navigator as { locks?: Locks }).locks;
/** Across tabs where the browser has Web Locks; else one tab's calls in turn (the key still dedupes). */
const lock: Lock = webLocks ? (name, fn) => webLocks.request(name, fn) : localLock();

/** POST /orders with the entry's key; the answer as the queue reads it (a network failure throws). */
async function sendOrder(entry: QueuedOrder): Promise<SendResult> {
  const { data, error, response } = await bodega.api.POST('/api/v1/orders', {
    body: entry.body,
    params: { header: { 'idempotency-key': entry.key } },
  });
  if (data) return { status: response.status, order: { id: data.id, number: data.number } };
  const problem = error as SendResult['problem'];
  return {
    status: response.status,
    problem: {
      ...(problem?.code ? { code: problem.code } : {}),
      ...(problem?.detail ? { detail: problem.detail } : {}),
      ...(problem?.shortages ? { shortages: problem.shortages } : {}),
    },
  };
}

let current: { userId: number; queue: OrderQueue } | null = null;
const listeners = new Set<() => void>();
let snapshot: QueuedOrder[] = [];

function refresh() {
  snapshot = current ? current.queue.entries() : [];
  for (const l of listeners) l();
}

/** The signed-in user's queue (made on first use). */
export function queueFor(userId: number): OrderQueue {
  if (current?.userId === userId) return current.queue;
  const queue = new OrderQueue({
    storage: localStorageQueue(userId),
    send: sendOrder,
    lock,
    online: () => navigator.onLine,
  });
  queue.subscribe(refresh);
  current = { userId, queue };
  refresh();
  return queue;
}

export function useQueueEntries(): QueuedOrder[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
    () => snapshot,
  );
}

/** Another tab changed an entry: show it. */
if (!import.meta.env.SSR) {
  window.addEventListener('storage', (event) => {
    if (current && event.key?.startsWith(`${PREFIX}${current.userId}.`)) refresh();
  });
}
