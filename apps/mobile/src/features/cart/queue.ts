/**
 * The offline order queue: every checkout goes through it, online or not. Pure logic, with the
 * storage, the sender, the cross-tab lock and the clock injected, so it runs under Node in the
 * unit tests and in the browser with localStorage and the Web Locks API.
 *
 * Exactly one order per queued entry, however many retries, reloads or tabs:
 * - the Idempotency-Key is made when the entry is queued and stored with it; every retry of the
 *   entry sends the same key (and the same body), so the server answers the first order again;
 * - only one drain runs at a time across the tabs of a browser (`lock`), and it re-reads the
 *   storage inside the lock, so two tabs never send the same entry concurrently;
 * - an entry found `sending` (the tab closed or crashed mid-request) is resent with its key;
 * - each entry is stored under its own key, so a change to one never overwrites another.
 *
 * A refusal (409 `insufficient_stock`, `credit_limit_exceeded`, a 4xx) marks that entry
 * `refused` with the server's reason and the drain goes on with the next: one refusal never
 * blocks the others. A failure that may pass (no network, 5xx, 429, 401 while the session
 * renews) leaves the entry queued for the next drain.
 */

export type QueueState = 'queued' | 'sending' | 'placed' | 'refused';

/** What the server receives: POST /api/v1/orders's body for a customer. */
export type OrderBody = {
  lines: { productId: number; quantity: number }[];
  paymentTerms: 'cash' | 'credit';
  notes?: string;
};

/** What the screen shows of each line while the order waits (the catalog's copy at the time). */
export type LineInfo = { productId: number; name: string; priceCents: number; quantity: number };

export type Refusal = {
  code: string;
  status: number;
  detail?: string;
  shortages?: { productId: number; requested?: number; available?: number }[];
};

export type QueuedOrder = {
  id: string;
  /** The Idempotency-Key, made once when queued. */
  key: string;
  body: OrderBody;
  lines: LineInfo[];
  state: QueueState;
  queuedAt: string;
  attempts: number;
  lastAttemptAt?: string;
  /** The order the server made (state `placed`). */
  order?: { id: number; number: string };
  /** Why the server refused it (state `refused`). */
  refusal?: Refusal;
};

/** One entry per storage key (a change to one never rewrites another). */
export interface QueueStorage {
  list(): QueuedOrder[];
  get(id: string): QueuedOrder | undefined;
  put(entry: QueuedOrder): void;
  remove(id: string): void;
}

/** The server's answer to one send; a network failure throws instead. */
export type SendResult = {
  status: number;
  order?: { id: number; number: string };
  problem?: { code?: string; detail?: string; shortages?: Refusal['shortages'] };
};

export type Sender = (entry: QueuedOrder) => Promise<SendResult>;

/** Runs `fn` while no other holder of `name` (in any tab) runs. */
export type Lock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

export type QueueOptions = {
  storage: QueueStorage;
  send: Sender;
  lock?: Lock;
  newKey?: () => string;
  newId?: () => string;
  now?: () => Date;
  /** Whether to try at all (navigator.onLine): a drain while offline does nothing. */
  online?: () => boolean;
};

export const LOCK_NAME = 'bodega-order-queue';

/** Answers that may succeed later: keep the entry queued. */
export function isRetryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 401 || status === 408;
}

/** A lock for one JavaScript realm (tests; browsers without Web Locks): calls run one after another. */
export function localLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(_name: string, fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A storage in memory (tests), shaped like the localStorage one. */
export function memoryStorage(): QueueStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    list: () =>
      [...raw.values()].map((v) => JSON.parse(v) as QueuedOrder).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)),
    get: (id) => {
      const v = raw.get(id);
      return v === undefined ? undefined : (JSON.parse(v) as QueuedOrder);
    },
    put: (entry) => void raw.set(entry.id, JSON.stringify(entry)),
    remove: (id) => void raw.delete(id),
  };
}

const randomId = () => globalThis.crypto.randomUUID();

export class OrderQueue {
  readonly #storage: QueueStorage;
  readonly #send: Sender;
  readonly #lock: Lock;
  readonly #newKey: () => string;
  readonly #newId: () => string;
  readonly #now: () => Date;
  readonly #online: () => boolean;
  readonly #listeners = new Set<() => void>();
  #draining: Promise<void> | null = null;
  #again = false;

  constructor(options: QueueOptions) {
    this.#storage = options.storage;
    this.#send = options.send;
    this.#lock = options.lock ?? localLock();
    this.#newKey = options.newKey ?? randomId;
    this.#newId = options.newId ?? randomId;
    this.#now = options.now ?? (() => new Date());
    this.#online = options.online ?? (() => true);
  }

  /** Every entry, oldest first. */
  entries(): QueuedOrder[] {
    return this.#storage.list();
  }

  get(id: string): QueuedOrder | undefined {
    return this.#storage.get(id);
  }

  /** Called after every change made here (other tabs: listen to `storage` and call `changed()`). */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.#listeners) l();
  }

  /** Queues an order with its own Idempotency-Key; `drain()` sends it. */
  enqueue(body: OrderBody, lines: LineInfo[]): QueuedOrder {
    const entry: QueuedOrder = {
      id: this.#newId(),
      key: this.#newKey(),
      body,
      lines,
      state: 'queued',
      queuedAt: this.#now().toISOString(),
      attempts: 0,
    };
    this.#storage.put(entry);
    this.changed();
    return entry;
  }

  /** Forgets a refused (or placed) entry; one still waiting may be dropped too, unless being sent. */
  drop(id: string): boolean {
    const entry = this.#storage.get(id);
    if (!entry || entry.state === 'sending') return false;
    this.#storage.remove(id);
    this.changed();
    return true;
  }

  /**
   * Takes a refused entry out of the queue so its lines can be edited in the cart; the edited
   * order is queued again as a new entry with a new key (the old key belongs to the old body).
   */
  takeForEdit(id: string): QueuedOrder | undefined {
    const entry = this.#storage.get(id);
    if (!entry || entry.state !== 'refused') return undefined;
    this.#storage.remove(id);
    this.changed();
    return entry;
  }

  /**
   * Sends every queued entry (and any left `sending`), one at a time, under the cross-tab lock.
   * Concurrent calls in this tab share one run, and a call during a run triggers one more run
   * after it (an entry queued meanwhile is not left waiting).
   */
  drain(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        if (!this.#online()) return;
        await this.#lock(LOCK_NAME, () => this.#drainOnce());
      } while (this.#again);
    };
    this.#draining = run().finally(() => {
      this.#draining = null;
    });
    return this.#draining;
  }

  async #drainOnce(): Promise<void> {
    // Re-read inside the lock: another tab may have sent some meanwhile.
    const pending = this.#storage.list().filter((e) => e.state === 'queued' || e.state === 'sending');
    for (const { id } of pending) {
      if (!this.#online()) return;
      const entry = this.#storage.get(id);
      if (!entry || (entry.state !== 'queued' && entry.state !== 'sending')) continue;
      const sending: QueuedOrder = {
        ...entry,
        state: 'sending',
        attempts: entry.attempts + 1,
        lastAttemptAt: this.#now().toISOString(),
      };
      this.#storage.put(sending);
      this.changed();
      let result: SendResult;
      try {
        result = await this.#send(sending);
      } catch {
        // No answer (offline, connection dropped): the server may or may not have the order;
        // the same key next time makes either case one order.
        this.#put({ ...sending, state: 'queued' });
        continue;
      }
      if (result.status >= 200 && result.status < 300 && result.order) {
        const { refusal: _refusal, ...rest } = sending;
        this.#put({ ...rest, state: 'placed', order: result.order });
      } else if (isRetryable(result.status) || (result.status < 300 && !result.order)) {
        this.#put({ ...sending, state: 'queued' });
        // The server is struggling or the session is renewing: stop this run, try later.
        if (result.status >= 500 || result.status === 429) return;
      } else {
        const problem = result.problem ?? {};
        this.#put({
          ...sending,
          state: 'refused',
          refusal: {
            code: problem.code ?? 'unknown',
            status: result.status,
            ...(problem.detail ? { detail: problem.detail } : {}),
            ...(problem.shortages?.length ? { shortages: problem.shortages } : {}),
          },
        });
      }
    }
  }

  #put(entry: QueuedOrder): void {
    // Dropped by the user meanwhile and never placed: leave it dropped.
    if (!this.#storage.get(entry.id) && entry.state !== 'placed') return;
    this.#storage.put(entry);
    this.changed();
  }

  /** Forgets placed entries older than `maxAgeMs` (they are in the orders list by then). */
  prunePlaced(maxAgeMs: number): void {
    const cutoff = this.#now().getTime() - maxAgeMs;
    for (const e of this.#storage.list()) {
      if (e.state === 'placed' && Date.parse(e.lastAttemptAt ?? e.queuedAt) < cutoff) this.#storage.remove(e.id);
    }
    this.changed();
  }
}
