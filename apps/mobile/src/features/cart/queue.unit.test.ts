import { describe, expect, it } from 'vitest';
import { localLock, memoryStorage, OrderQueue, type OrderBody, type QueuedOrder, type SendResult } from './queue';

const BODY: OrderBody = { lines: [{ productId: 1, quantity: 2 }], paymentTerms: 'cash' };
const LINES = [{ productId: 1, name: 'Coffee', priceCents: 500, quantity: 2 }];

/** A server with the API's idempotency: one order per key; stock of product 1 is `stock`. */
function fakeServer(stock = 10) {
  const byKey = new Map<string, { id: number; number: string }>();
  const sent: string[] = [];
  let next = 1;
  let failNext = 0;
  let statusNext: number | null = null;
  const send = async (entry: QueuedOrder): Promise<SendResult> => {
    sent.push(entry.key);
    await new Promise((r) => setTimeout(r, 1));
    if (failNext > 0) {
      failNext--;
      throw new TypeError('Failed to fetch');
    }
    if (statusNext !== null) {
      const status = statusNext;
      statusNext = null;
      return { status, problem: { code: 'internal_error' } };
    }
    const replay = byKey.get(entry.key);
    if (replay) return { status: 200, order: replay };
    const quantity = entry.body.lines.reduce((s, l) => s + l.quantity, 0);
    if (quantity > stock) {
      return { status: 409, problem: { code: 'insufficient_stock', shortages: [{ productId: 1, available: stock }] } };
    }
    stock -= quantity;
    const order = { id: next, number: `SO-${next++}` };
    byKey.set(entry.key, order);
    return { status: 201, order };
  };
  return {
    send,
    sent,
    orders: () => byKey.size,
    failNextSends: (n: number) => void (failNext = n),
    answerNext: (status: number) => void (statusNext = status),
  };
}

let counter = 0;
const ids = () => `id-${++counter}`;
const keys = () => `key-${++counter}`;

describe('the offline order queue', () => {
  it('queues an order with its own key and places it on drain', async () => {
    const server = fakeServer();
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send, newKey: keys, newId: ids });
    const entry = q.enqueue(BODY, LINES);
    expect(entry.state).toBe('queued');
    expect(entry.key).toMatch(/^key-/);
    await q.drain();
    const [placed] = q.entries();
    expect(placed?.state).toBe('placed');
    expect(placed?.order?.number).toBe('SO-1');
    expect(server.sent).toEqual([entry.key]);
  });

  it('does nothing while offline, and keeps the entry queued after a failed send; the retry carries the same key', async () => {
    const server = fakeServer();
    let online = false;
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send, online: () => online });
    const entry = q.enqueue(BODY, LINES);
    await q.drain();
    expect(server.sent).toEqual([]);
    online = true;
    server.failNextSends(2);
    await q.drain();
    await q.drain();
    expect(q.get(entry.id)?.state).toBe('queued');
    expect(q.get(entry.id)?.attempts).toBe(2);
    await q.drain();
    expect(q.get(entry.id)?.state).toBe('placed');
    expect(server.sent).toEqual([entry.key, entry.key, entry.key]);
    expect(server.orders()).toBe(1);
  });

  it('marks a refused entry with the server reason and still sends the others', async () => {
    const server = fakeServer(3);
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send });
    const big = q.enqueue({ ...BODY, lines: [{ productId: 1, quantity: 5 }] }, LINES);
    const small = q.enqueue(BODY, LINES);
    await q.drain();
    expect(q.get(big.id)?.state).toBe('refused');
    expect(q.get(big.id)?.refusal).toMatchObject({ code: 'insufficient_stock', status: 409 });
    expect(q.get(big.id)?.refusal?.shortages).toEqual([{ productId: 1, available: 3 }]);
    expect(q.get(small.id)?.state).toBe('placed');
    expect(server.orders()).toBe(1);
    // A refused entry is not sent again by later drains.
    await q.drain();
    expect(server.sent).toHaveLength(2);
  });

  it('keeps an entry queued on a 5xx and stops the run, then places it later', async () => {
    const server = fakeServer();
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send });
    const a = q.enqueue(BODY, LINES);
    const b = q.enqueue(BODY, LINES);
    server.answerNext(503);
    await q.drain();
    expect(q.get(a.id)?.state).toBe('queued');
    expect(q.get(b.id)?.state).toBe('queued');
    expect(server.sent).toEqual([a.key]);
    await q.drain();
    expect(q.entries().map((e) => e.state)).toEqual(['placed', 'placed']);
  });

  it('resends an entry left "sending" (the app closed mid-request) with its key: still one order', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const first = new OrderQueue({ storage, send: server.send });
    const entry = first.enqueue(BODY, LINES);
    // The request reached the server, but the tab died before it recorded the answer.
    await server.send(entry);
    storage.put({ ...entry, state: 'sending', attempts: 1 });
    const reopened = new OrderQueue({ storage, send: server.send });
    await reopened.drain();
    expect(reopened.get(entry.id)?.state).toBe('placed');
    expect(server.sent).toEqual([entry.key, entry.key]);
    expect(server.orders()).toBe(1);
  });

  it('two tabs draining at once send each entry once', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const lock = localLock(); // shared, like navigator.locks across tabs
    const tabA = new OrderQueue({ storage, send: server.send, lock });
    const tabB = new OrderQueue({ storage, send: server.send, lock });
    const entries = [tabA.enqueue(BODY, LINES), tabB.enqueue(BODY, LINES), tabA.enqueue(BODY, LINES)];
    await Promise.all([tabA.drain(), tabB.drain(), tabA.drain(), tabB.drain()]);
    expect(server.sent.sort()).toEqual(entries.map((e) => e.key).sort());
    expect(server.orders()).toBe(3);
    expect(storage.list().every((e) => e.state === 'placed')).toBe(true);
  });

  it('an entry queued during a drain is sent by the same call chain', async () => {
    const server = fakeServer();
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send });
    q.enqueue(BODY, LINES);
    const running = q.drain();
    const late = q.enqueue(BODY, LINES);
    await Promise.all([running, q.drain()]);
    expect(q.get(late.id)?.state).toBe('placed');
  });

  it('edits and drops: a refused entry leaves the queue for the cart; the edited order is a new entry with a new key', async () => {
    const server = fakeServer(1);
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send });
    const refused = q.enqueue(BODY, LINES);
    await q.drain();
    expect(q.get(refused.id)?.state).toBe('refused');
    const taken = q.takeForEdit(refused.id);
    expect(taken?.body).toEqual(BODY);
    expect(q.entries()).toEqual([]);
    const edited = q.enqueue({ ...BODY, lines: [{ productId: 1, quantity: 1 }] }, LINES);
    expect(edited.key).not.toBe(refused.key);
    await q.drain();
    expect(q.get(edited.id)?.state).toBe('placed');
    expect(q.takeForEdit(edited.id)).toBeUndefined();
    expect(q.drop(edited.id)).toBe(true);
    expect(q.entries()).toEqual([]);
  });

  it('forgets placed entries after a while', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const server = fakeServer();
    const q = new OrderQueue({ storage: memoryStorage(), send: server.send, now: () => now });
    q.enqueue(BODY, LINES);
    await q.drain();
    q.prunePlaced(60_000);
    expect(q.entries()).toHaveLength(1);
    now = new Date('2026-01-01T00:02:00Z');
    q.prunePlaced(60_000);
    expect(q.entries()).toHaveLength(0);
  });
});
