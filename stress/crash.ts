/**
 * Crash safety. The real server runs as a child process on a fresh database; clients place
 * orders and record payments (each with an Idempotency-Key), confirm, fulfil and cancel orders
 * and void payments at full speed; the server is killed with SIGKILL at a random moment,
 * restarted, and the database is read directly:
 * - every order and payment a client saw created (201) is there, under the same number;
 *   every confirmation, cancellation and void a client saw (200) stuck;
 * - no order is half-written: lines, totals = Σ lines + shipping − discount, first history row,
 *   audit entry, its Idempotency-Key;
 * - the ledger adds up to on-hand; reserved = Σ lines of pending/confirmed/processing orders;
 * - Σ allocations of recorded payments = Σ debts.paid_cents, per debt and per order;
 * - a retry of every request after the restart, with the same key and body, answers the first
 *   result (200, same id) when the first one committed, and makes it once when it had not.
 */
import { pick, randInt, type Api, type NoReply, type Reply } from './lib/http';
import { checkInvariants, orderNumbers, totals, type Reader, type Violation } from './lib/invariants';
import { seedWorld, type World } from './lib/seed';
import { freePort, ServerProcess } from './lib/server';
import { createTarget, type DbKind } from './lib/targets';

type Outcome = 'unknown' | 'created' | 'refused';
type OrderAttempt = {
  key: string;
  api: Api;
  body: Record<string, unknown>;
  outcome: Outcome;
  id?: number;
  number?: string;
  /** What the clients last saw it become. */
  status: string;
  customerId: number;
  round: number;
};
type PaymentAttempt = {
  key: string;
  api: Api;
  body: Record<string, unknown>;
  outcome: Outcome;
  id?: number;
  voided?: boolean;
  round: number;
};

export type CrashOptions = { rounds: number; clients: number; minRunMs: number; maxRunMs: number };
export type CrashRound = {
  round: number;
  killedAfterMs: number;
  requests: number;
  cutByKill: number;
  ordersCreated: number;
  ordersUnknown: number;
  paymentsCreated: number;
  paymentsUnknown: number;
  restartMs: number;
  retried: number;
  /** Unanswered at the kill, yet committed: the retry got the first result back. */
  unansweredCommitted: number;
  failures: string[];
};
export type CrashResult = {
  kind: DbKind;
  rounds: CrashRound[];
  failures: string[];
  totals: Awaited<ReturnType<typeof totals>> | null;
};

const OK: Record<string, number[]> = {
  place: [201, 409],
  confirm: [200, 409],
  pay: [201, 409],
  fulfil: [200, 409],
  cancel: [200, 409],
  void: [200, 409],
};

class Round {
  killed = false;
  requests = 0;
  cut = 0;
  errors: string[] = [];
  constructor(readonly n: number) {}

  /** Books one answer: a 5xx, an unexpected status or a dead connection while the server lived is an error. */
  seen(what: string, res: Reply | NoReply): boolean {
    this.requests++;
    if (res.status === 0) {
      if (this.killed) this.cut++;
      else this.errors.push(`${what}: no answer while the server was up (${(res as NoReply).error})`);
      return false;
    }
    if (!OK[what]!.includes(res.status)) {
      this.errors.push(`${what}: ${res.status} ${JSON.stringify((res as Reply).body).slice(0, 300)}`);
      return false;
    }
    return true;
  }
}

export async function crashSafety(kind: DbKind, opts: CrashOptions, log: (line: string) => void): Promise<CrashResult> {
  const target = await createTarget(kind, 'crash');
  const server = new ServerProcess({
    databaseUrl: target.databaseUrl,
    dataDir: target.dataDir,
    port: await freePort(),
  });
  const result: CrashResult = { kind, rounds: [], failures: [], totals: null };
  const orders: OrderAttempt[] = [];
  const payments: PaymentAttempt[] = [];
  const confirmedSeen = new Set<number>();
  const cancelledSeen = new Set<number>();
  let keySeq = 0;
  try {
    await server.start();
    const world = await seedWorld(server.url, { products: 16, scarce: 2, customers: 12, sales: 2, stock: 200_000 });
    log(`${kind}: seeded ${world.products.length + world.scarce.length} products, ${world.customers.length} customers`);

    for (let n = 1; n <= opts.rounds; n++) {
      const round = new Round(n);
      const runMs = randInt(opts.minRunMs, opts.maxRunMs);
      const started = Date.now();
      const clients = Array.from({ length: opts.clients }, (_, c) =>
        client(world, round, c, {
          orders,
          payments,
          confirmedSeen,
          cancelledSeen,
          nextKey: () => `${kind}-${n}-${c}-${++keySeq}`,
        }),
      );
      await new Promise((r) => setTimeout(r, runMs));
      round.killed = true;
      await server.kill('SIGKILL');
      await Promise.all(clients);
      const killedAfterMs = Date.now() - started;

      const restartStarted = Date.now();
      await server.start();
      const restartMs = Date.now() - restartStarted;

      const failures = [...round.errors];
      const reader = await target.reader();
      try {
        failures.push(...(await durability(reader, orders, payments, confirmedSeen, cancelledSeen)));
        failures.push(...describe(await checkInvariants(reader), 'after the crash'));
        const unanswered = (list: { round: number; outcome: Outcome }[]) =>
          list.filter((x) => x.round === n && x.outcome === 'unknown').length;
        const ordersUnknown = unanswered(orders);
        const paymentsUnknown = unanswered(payments);
        const seen = (list: { round: number; outcome: Outcome }[]) =>
          list.filter((x) => x.round === n && x.outcome === 'created').length;
        const ordersCreated = seen(orders);
        const paymentsCreated = seen(payments);
        const { retried, unansweredCommitted } = await retryAll(reader, orders, payments, n, failures);
        failures.push(...describe(await checkInvariants(reader), 'after the retries'));
        const r: CrashRound = {
          round: n,
          killedAfterMs,
          requests: round.requests,
          cutByKill: round.cut,
          ordersCreated,
          ordersUnknown,
          paymentsCreated,
          paymentsUnknown,
          restartMs,
          retried,
          unansweredCommitted,
          failures,
        };
        result.rounds.push(r);
        log(
          `${kind} round ${n}/${opts.rounds}: SIGKILL after ${(killedAfterMs / 1000).toFixed(1)} s, ${r.requests} requests ` +
            `(${r.cutByKill} cut by the kill); orders: ${r.ordersCreated} seen created, ${r.ordersUnknown} unanswered at the kill; ` +
            `payments: ${r.paymentsCreated} seen created, ${r.paymentsUnknown} unanswered; restart ${(restartMs / 1000).toFixed(1)} s; ` +
            `${retried} retries (${unansweredCommitted} unanswered had committed: replayed); ${failures.length ? `${failures.length} FAILURES` : 'all checks hold'}`,
        );
        for (const f of failures.slice(0, 10)) log(`  ✗ ${f}`);
        result.failures.push(...failures.map((f) => `round ${n}: ${f}`));
        // Resolved unknowns are settled now; the next round retries only its own.
        for (const o of orders) if (o.outcome === 'unknown') o.outcome = 'refused';
        for (const p of payments) if (p.outcome === 'unknown') p.outcome = 'refused';
      } finally {
        await reader.close();
      }
    }
    const reader = await target.reader();
    try {
      result.totals = await totals(reader);
    } finally {
      await reader.close();
    }
    // The last start ends gracefully: SIGTERM lets in-flight work finish and exits 0.
    const end = await server.kill('SIGTERM');
    if (end.code !== 0) result.failures.push(`graceful stop: exit ${JSON.stringify(end)}`);
  } catch (err) {
    result.failures.push(`${kind}: ${(err as Error).stack ?? String(err)}\n${server.tail()}`);
  } finally {
    await server.kill('SIGKILL');
    await target.cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
  if (server.errorLines.length)
    result.failures.push(`the server logged ${server.errorLines.length} errors, e.g. ${server.errorLines[0]}`);
  return result;
}

function describe(violations: Violation[], when: string): string[] {
  return violations.map((v) => `${when}: ${v.check}: ${JSON.stringify(v.rows)}`);
}

type Journal = {
  orders: OrderAttempt[];
  payments: PaymentAttempt[];
  confirmedSeen: Set<number>;
  cancelledSeen: Set<number>;
  nextKey: () => string;
};

/** One client: actions back to back until the server is killed. */
async function client(world: World, round: Round, c: number, j: Journal): Promise<void> {
  const sales = world.sales[c % world.sales.length]!;
  const recent = <T>(items: T[], keep: (x: T) => boolean) => items.slice(-300).filter(keep);
  while (!round.killed) {
    const r = Math.random();
    if (r < 0.5) {
      const customer = pick(world.customers);
      const chosen = new Map<number, number>();
      for (let i = randInt(1, 4); i > 0; i--) chosen.set(pick(world.products).id, randInt(1, 3));
      if (Math.random() < 0.15) chosen.set(pick(world.scarce).id, randInt(1, 4));
      const body: Record<string, unknown> = {
        customerId: customer.id,
        paymentTerms: Math.random() < 0.6 ? 'credit' : 'cash',
        lines: [...chosen].map(([productId, quantity]) => ({ productId, quantity })),
        notes: `stress round ${round.n}`,
      };
      if (Math.random() < 0.2) body['shippingCents'] = randInt(0, 900);
      if (Math.random() < 0.2) body['discount'] = { type: 'percent', percent: 5, reason: 'stress' };
      const attempt: OrderAttempt = {
        key: j.nextKey(),
        api: sales,
        body,
        outcome: 'unknown',
        status: 'pending',
        customerId: customer.id,
        round: round.n,
      };
      j.orders.push(attempt);
      const res = await sales.post('/orders', body, { 'idempotency-key': attempt.key });
      if (!round.seen('place', res)) continue;
      if (res.status === 201) {
        attempt.outcome = 'created';
        attempt.id = (res as Reply).body.id;
        attempt.number = (res as Reply).body.number;
      } else attempt.outcome = 'refused';
    } else if (r < 0.68) {
      const o = recent(j.orders, (x) => x.outcome === 'created' && x.status === 'pending').at(-1);
      if (!o) continue;
      const res = await sales.post(`/orders/${o.id}/transitions`, { to: 'confirmed' });
      if (round.seen('confirm', res) && res.status === 200) {
        o.status = 'confirmed';
        j.confirmedSeen.add(o.id!);
      }
    } else if (r < 0.84) {
      const o = recent(j.orders, (x) => x.outcome === 'created' && x.status !== 'pending' && x.status !== 'cancelled');
      if (!o.length) continue;
      const body = {
        customerId: pick(o).customerId,
        amountCents: randInt(1, 2_500),
        method: pick(['cash', 'card', 'transfer']),
      };
      const attempt: PaymentAttempt = { key: j.nextKey(), api: sales, body, outcome: 'unknown', round: round.n };
      j.payments.push(attempt);
      const res = await sales.post('/payments', body, { 'idempotency-key': attempt.key });
      if (!round.seen('pay', res)) continue;
      if (res.status === 201) {
        attempt.outcome = 'created';
        attempt.id = (res as Reply).body.id;
      } else attempt.outcome = 'refused';
    } else if (r < 0.9) {
      const o = recent(j.orders, (x) => x.outcome === 'created' && x.status === 'confirmed');
      if (!o.length) continue;
      const order = pick(o);
      for (const to of ['processing', 'shipped']) {
        const res = await world.admin.post(`/orders/${order.id}/transitions`, { to });
        if (!round.seen('fulfil', res) || res.status !== 200) break;
        order.status = to;
      }
    } else if (r < 0.95) {
      const o = recent(
        j.orders,
        (x) => x.outcome === 'created' && (x.status === 'pending' || x.status === 'confirmed'),
      );
      if (!o.length) continue;
      const order = pick(o);
      const res = await sales.post(`/orders/${order.id}/transitions`, { to: 'cancelled', reason: 'stress' });
      if (round.seen('cancel', res) && res.status === 200) {
        order.status = 'cancelled';
        j.cancelledSeen.add(order.id!);
      }
    } else {
      const p = recent(j.payments, (x) => x.outcome === 'created' && !x.voided);
      if (!p.length) continue;
      const payment = pick(p);
      const res = await sales.post(`/payments/${payment.id}/void`, { reason: 'stress' });
      if (round.seen('void', res) && res.status === 200) payment.voided = true;
    }
  }
}

/** Everything the clients saw committed is in the database. */
async function durability(
  reader: Reader,
  orders: OrderAttempt[],
  payments: PaymentAttempt[],
  confirmedSeen: Set<number>,
  cancelledSeen: Set<number>,
): Promise<string[]> {
  const failures: string[] = [];
  const numbers = await orderNumbers(reader);
  const statuses = new Map(
    (await reader.all('select id, status from orders')).map((r) => [Number(r['id']), String(r['status'])]),
  );
  for (const o of orders) {
    if (o.outcome !== 'created') continue;
    if (numbers.get(o.id!) !== o.number) failures.push(`order ${o.id} ${o.number} was seen created and is gone`);
  }
  for (const id of confirmedSeen)
    if (statuses.get(id) === 'pending') failures.push(`order ${id} was seen confirmed and is pending again`);
  for (const id of cancelledSeen)
    if (statuses.get(id) !== 'cancelled') failures.push(`order ${id} was seen cancelled and is ${statuses.get(id)}`);
  const stored = new Map(
    (await reader.all('select id, status from payments')).map((r) => [Number(r['id']), String(r['status'])]),
  );
  for (const p of payments) {
    if (p.outcome !== 'created') continue;
    if (!stored.has(p.id!)) failures.push(`payment ${p.id} was seen created and is gone`);
    else if (p.voided && stored.get(p.id!) !== 'voided') failures.push(`payment ${p.id} was seen voided and is not`);
  }
  return failures;
}

/**
 * Retries this round's orders and payments with their keys and bodies. Seen created: the same
 * id again (200, replayed). Unanswered: the first result if it committed (its key is in the
 * database), else made now (201) or refused (409) — never twice.
 */
async function retryAll(
  reader: Reader,
  orders: OrderAttempt[],
  payments: PaymentAttempt[],
  round: number,
  failures: string[],
): Promise<{ retried: number; unansweredCommitted: number }> {
  const keys = new Map(
    (await reader.all('select key, order_id, payment_id from idempotency_keys')).map((r) => [
      String(r['key']),
      {
        orderId: r['order_id'] === null ? null : Number(r['order_id']),
        paymentId: r['payment_id'] === null ? null : Number(r['payment_id']),
      },
    ]),
  );
  let retried = 0;
  let unansweredCommitted = 0;
  const settle = async (kind: 'order' | 'payment', a: OrderAttempt | PaymentAttempt, path: string): Promise<void> => {
    const stored = keys.get(a.key);
    const storedId = kind === 'order' ? stored?.orderId : stored?.paymentId;
    const res = await a.api.post(path, a.body, { 'idempotency-key': a.key });
    retried++;
    if (res.status === 0) {
      failures.push(`retry ${kind} ${a.key}: no answer (${(res as NoReply).error})`);
      return;
    }
    const body = (res as Reply).body;
    const replayed = (res as Reply).headers.get('idempotent-replayed') === 'true';
    if (a.outcome === 'created') {
      if (res.status !== 200 || body.id !== a.id || !replayed)
        failures.push(`retry of created ${kind} ${a.id} (${a.key}) → ${res.status} id ${body?.id}`);
      return;
    }
    // Unanswered before the kill.
    if (storedId !== undefined && storedId !== null) {
      if (res.status !== 200 || body.id !== storedId || !replayed)
        failures.push(
          `retry of committed-but-unanswered ${kind} ${storedId} (${a.key}) → ${res.status} id ${body?.id}`,
        );
      else {
        unansweredCommitted++;
        a.outcome = 'created';
        a.id = body.id;
        if (kind === 'order') (a as OrderAttempt).number = body.number;
      }
      return;
    }
    if (res.status === 201) {
      a.outcome = 'created';
      a.id = body.id;
      if (kind === 'order') (a as OrderAttempt).number = body.number;
    } else if (res.status === 409) a.outcome = 'refused';
    else failures.push(`retry of uncommitted ${kind} ${a.key} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  };
  for (const o of orders) if (o.round === round && o.outcome !== 'refused') await settle('order', o, '/orders');
  for (const p of payments) if (p.round === round && p.outcome !== 'refused') await settle('payment', p, '/payments');
  return { retried, unansweredCommitted };
}
